/**
 * The sysfs checks after a repro step: what the profile predicts changed since the step
 * before (blocks and links that appear, go or change, node states), as shell tests the guest
 * script runs. A link whose block is gone is checked as dangling (`-L` but not `-e`).
 */
import type { SysfsView } from '../conformance/view.ts';
import type { Prediction } from './predict.ts';

export interface Check {
  /** A POSIX shell test that succeeds when the kernel did as predicted. */
  readonly test: string;
  /** What it shows, for the PASS/FAIL lines. */
  readonly says: string;
}

const MEM = '/sys/devices/system/memory';
const NODE = '/sys/devices/system/node';

/** A node list as the kernel prints it (%*pbl): "0-2", "0,2", "". */
export function nodeListText(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    parts.push(j > i ? `${ids[i]}-${ids[j]}` : String(ids[i]));
    i = j;
  }
  return parts.join(',');
}

const fileIs = (path: string, value: string, says: string): Check => ({ test: `[ "$(cat ${path} 2>/dev/null)" = "${value}" ]`, says });

function nodeStates(prev: SysfsView | null, cur: SysfsView): Check[] {
  const out: Check[] = [];
  for (const key of ['online', 'has_memory', 'has_normal_memory'] as const) {
    if (prev && nodeListText(prev[key]) === nodeListText(cur[key]) && key !== 'online') continue;
    out.push(fileIs(`${NODE}/${key}`, nodeListText(cur[key]), `node/${key} is "${nodeListText(cur[key])}"`));
  }
  return out;
}

function blockChecks(prev: SysfsView | null, cur: SysfsView, guestBlocks: ReadonlySet<number>): Check[] {
  const out: Check[] = [];
  const ids = new Set([...(prev?.blocks.keys() ?? []), ...cur.blocks.keys()]);
  for (const b of [...ids].sort((x, y) => x - y)) {
    const was = prev?.blocks.get(b);
    const now = cur.blocks.get(b);
    if (!now) {
      if (was) out.push({ test: `[ ! -e ${MEM}/memory${b} ]`, says: `memory${b} is gone` });
      continue;
    }
    const dangling = now.nodes.filter((n) => !cur.nodes.has(n) && (prev?.nodes.has(n) ?? false));
    for (const n of dangling) out.push({ test: `[ -L ${MEM}/memory${b}/node${n} ] && [ ! -e ${MEM}/memory${b}/node${n} ]`, says: `memory${b}/node${n} is left dangling (node${n} is gone)` });
    if (was && JSON.stringify(was) === JSON.stringify(now) && !guestBlocks.has(b)) continue;
    out.push({ test: `[ -d ${MEM}/memory${b} ]`, says: `memory${b} exists` });
    out.push(fileIs(`${MEM}/memory${b}/state`, now.state, `memory${b}/state is ${now.state}`));
    const names = now.nodes.map((n) => `node${n} `).join('');
    out.push({
      test: `[ "$(cd ${MEM}/memory${b} && ls -d node[0-9]* 2>/dev/null | tr '\\n' ' ')" = "${names}" ]`,
      says: now.nodes.length === 0 ? `memory${b} is linked under no node` : `memory${b} is linked under ${now.nodes.map((n) => `node${n}`).join(' and ')}${now.nodes.length > 1 ? ' (one block on two nodes)' : ' only'}`,
    });
  }
  return out;
}

function nodeLinkChecks(prev: SysfsView | null, cur: SysfsView): Check[] {
  const out: Check[] = [];
  const ids = new Set([...(prev?.nodes.keys() ?? []), ...cur.nodes.keys()]);
  for (const n of [...ids].sort((a, b) => a - b)) {
    const was = prev?.nodes.get(n);
    const now = cur.nodes.get(n);
    if (!now) {
      if (was) out.push({ test: `[ ! -e ${NODE}/node${n} ]`, says: `node${n} is gone` });
      continue;
    }
    if (!was) out.push({ test: `[ -d ${NODE}/node${n} ]`, says: `node${n} exists` });
    for (const b of now) {
      if (was?.includes(b) && cur.blocks.has(b)) continue;
      out.push(cur.blocks.has(b)
        ? { test: `[ -e ${NODE}/node${n}/memory${b} ]`, says: `node${n}/memory${b} links to memory${b}` }
        : { test: `[ -L ${NODE}/node${n}/memory${b} ] && [ ! -e ${NODE}/node${n}/memory${b} ]`, says: `node${n}/memory${b} is left dangling` });
    }
    for (const b of was ?? []) if (!now.includes(b)) out.push({ test: `[ ! -L ${NODE}/node${n}/memory${b} ]`, says: `node${n}/memory${b} is gone` });
  }
  return out;
}

/**
 * stepChecks() - the checks after a step whose prediction is `cur` (`prev` before it; null
 * for the boot, which checks everything). `guestBlocks`: the blocks the step acts on, always checked.
 */
export function stepChecks(prev: Prediction | null, cur: Prediction, guestBlocks: ReadonlySet<number>): Check[] {
  const out = [...nodeStates(prev?.view ?? null, cur.view), ...blockChecks(prev?.view ?? null, cur.view, guestBlocks), ...nodeLinkChecks(prev?.view ?? null, cur.view)];
  if (cur.bug && !prev?.bug) out.push({ test: "dmesg | grep -qE 'kernel BUG|BUG:|Oops'", says: `the kernel log has the ${cur.bug}` });
  return out;
}
