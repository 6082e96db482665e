/**
 * A counterexample told in kernel terms: for each step, what a person typed (or the boot log
 * printed), the errno, and what changed in sysfs; at the violating step, `ls -l` of the
 * directories involved, what the kernel printed, the next step that would crash it, and the
 * property's explanation.
 */
import pc from 'picocolors';
import type { TraceStep, Violation } from '../../explore/model.ts';
import { show_valid_zones, validZonesText } from '../../model/memory.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';
import { ERRNO_NAMES } from '../../model/kernel.ts';
import { parseSize } from '../../model/layout/sizes.ts';
import type { Kstate, StateVector } from '../../model/state.ts';
import { bugMessage } from '../../properties/kernel-bug.ts';
import { withScratch } from '../../properties/helpers.ts';
import { actionCommands, errnoText } from './shell-commands.ts';
import { lsBlock, lsNode, stateChanges } from './changes.ts';
import { kernelLog } from './kernel-log.ts';

export type Colors = ReturnType<typeof pc.createColors>;
const INDENT = '       ';

function stepLines(m: HotplugModel, prev: StateVector, step: TraceStep<StateVector>, n: number, c: Colors): string[] {
  const action = m.actions[step.actionId!]!;
  const before = m.view(prev);
  const after = m.view(step.state);
  const lines = [`${c.bold(String(n).padStart(3))}  ${c.cyan(action.name)}`];
  for (const cmd of actionCommands(m.g, action, before)) lines.push(`${INDENT}${cmd}`);
  if (after.errno !== 0) lines.push(`${INDENT}${c.yellow(`write error: ${errnoText(after.errno)} (-${ERRNO_NAMES[after.errno] ?? after.errno})`)}`);
  for (const ch of stateChanges(before, after)) lines.push(`${INDENT}${ch.startsWith('-') ? c.red(ch) : ch.startsWith('+') ? c.green(ch) : ch}`);
  if (after.bug !== 0 && before.bug === 0) lines.push(`${INDENT}${c.red(c.bold(bugMessage(after)!))}`);
  return lines;
}

/** Blocks a violation message names: memory21, or the block of a `[mem 0x...-0x...]` range. */
export function blocksNamed(m: HotplugModel, message: string): number[] {
  const blockSize = m.g.layout.geometry.blockSize;
  const byName = [...message.matchAll(/memory(\d+)/g)].map((x) => Number(x[1]));
  const byRange = [...message.matchAll(/\[mem (0x[0-9a-f]+)-/g)].map((x) => {
    const start = parseSize(x[1]);
    return start.ok ? Math.floor(start.value / blockSize) : -1;
  });
  return [...new Set([...byName, ...byRange])].filter((b) => m.g.ramBlocks.includes(b));
}

/** Nodes a violation message names: node1 in "node1/memory2 ...". */
export function nodesNamed(m: HotplugModel, message: string): number[] {
  const ids = [...message.matchAll(/node(\d+)/g)].map((x) => Number(x[1]));
  return [...new Set(ids)].filter((n) => m.g.nodeIds.includes(n));
}

function lsAffected(m: HotplugModel, s: Kstate, message: string): string[] {
  const lines: string[] = [];
  for (const b of blocksNamed(m, message)) lines.push(...lsBlock(s, b, validZonesText(withScratch(s, m.kb, (k) => show_valid_zones(k, b)))));
  for (const n of nodesNamed(m, message)) lines.push(...lsNode(s, n));
  return lines;
}

/** The first action (in action order) that crashes the kernel from `w`, with what it prints. */
function nextCrash(m: HotplugModel, w: StateVector): string[] {
  if (m.isTerminal(w)) return [];
  const before = m.view(w);
  for (let id = 0; id < m.actionCount; id++) {
    const next = m.next(w, id);
    if (next === null || m.view(next).bug === 0) continue;
    const a = m.actions[id]!;
    return [`${a.name}:`, ...actionCommands(m.g, a, before), ...kernelLog(before, m.view(next), a, m.kb)];
  }
  return [];
}

export interface TellOptions {
  /** How the trace was found, for the heading: "a shortest one", "replayed", "shrunk". */
  readonly how: string;
}

export function tellViolation(m: HotplugModel, v: Violation<StateVector>, c: Colors, o: TellOptions = { how: 'a shortest one' }): string[] {
  const steps = v.trace.length - 1;
  const lines = [c.red(c.bold(`✗ ${v.property}`)) + `: ${v.message}`, `  Counterexample, ${steps} steps from power-on (${o.how}):`];
  for (let i = 1; i < v.trace.length; i++) lines.push(...stepLines(m, v.trace[i - 1]!.state, v.trace[i]!, i, c));
  const lastStep = v.trace[v.trace.length - 1]!;
  const last = m.view(lastStep.state);
  const ls = lsAffected(m, last, v.message);
  if (ls.length) lines.push('  At the violating step:', ...ls.map((l) => `${INDENT}${l}`));
  if (steps > 0) {
    const log = kernelLog(m.view(v.trace[steps - 1]!.state), last, m.actions[lastStep.actionId!]!, m.kb);
    lines.push('  The kernel log:', ...log.map((l) => `${INDENT}${l.startsWith('(') ? c.dim(l) : c.red(l)}`));
  }
  const crash = nextCrash(m, lastStep.state);
  if (crash.length) lines.push('  One step later, the kernel crashes:', ...crash.map((l) => `${INDENT}${/^(kernel BUG|BUG:|Oops|page)/.test(l) ? c.red(c.bold(l)) : l}`));
  const def = m.config.properties.find((p) => p.name === v.property);
  if (def) lines.push(`  ${c.dim(`${def.name}: ${def.statement}`)}`, `  ${c.dim(`Why: ${def.why}`)}`);
  return lines;
}
