/**
 * What the trace viewer shows at each step, computed here so the page only draws it: the
 * commands and changes of the story, the physical address map by subsection, the sysfs tree
 * with what appeared, went or changed since the step before, and the block and node tables.
 */
import type { TraceStep } from '../../explore/model.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';
import { ERRNO_NAMES } from '../../model/kernel.ts';
import { formatRange, formatSize } from '../../model/layout/sizes.ts';
import { show_valid_zones, validZonesText } from '../../model/memory.ts';
import { spanText } from '../../model/decode.ts';
import { BLOCK_STATE_NAMES, MEMMAP_NAMES, NUMA_NO_NODE, ZONE_NAMES, Zone, maskBits, type Kstate, type StateVector } from '../../model/state.ts';
import { bugMessage } from '../../properties/kernel-bug.ts';
import { readKernel, withScratch } from '../../properties/helpers.ts';
import { stateChanges } from '../report/changes.ts';
import { actionCommands } from '../report/shell-commands.ts';
import { kernelLog } from '../report/kernel-log.ts';

export interface SysfsEntry {
  readonly path: string;
  readonly target?: string;
  readonly note?: string;
  /** A link whose target does not exist. */
  readonly stale?: boolean;
  readonly change: 'same' | 'added' | 'removed' | 'changed';
}

/** Per subsection, one letter each: kind (h b d p), memmap (a p r o d), node id, zone (- N M D), pfn_valid (1 0). */
export interface SubsectionMap {
  readonly kind: string;
  readonly memmap: string;
  readonly node: string;
  readonly zone: string;
  readonly valid: string;
}

export interface ViewStep {
  readonly action: string;
  readonly commands: readonly string[];
  readonly changes: readonly string[];
  readonly errno: string | null;
  readonly bug: string | null;
  readonly subs: SubsectionMap;
  readonly sysfs: readonly SysfsEntry[];
  readonly blocks: readonly (readonly string[])[];
  readonly nodes: readonly (readonly string[])[];
  /** The property's message when it fails at this step. */
  readonly violation: string | null;
}

export interface ViewTrace {
  readonly layout: string;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly geometry: string;
  readonly property: { readonly name: string; readonly statement: string; readonly why: string; readonly message: string | null };
  readonly kernelLog: readonly string[];
  readonly map: { readonly subsPerSection: number; readonly subsPerBlock: number; readonly subSize: number };
  readonly ranges: readonly { readonly kind: string; readonly name: string; readonly node: number; readonly start: number; readonly end: number; readonly text: string }[];
  readonly steps: readonly ViewStep[];
}

function subsectionMap(m: HotplugModel, s: Kstate): SubsectionMap {
  const g = m.g;
  const k = readKernel(s, m.kb);
  const idx = Array.from({ length: g.nrSubs }, (_, i) => i);
  const zoneLetter = ['-', 'N', 'M', 'D'];
  return {
    kind: idx.map((i) => 'hbdp'[g.subKind[i]!]).join(''),
    memmap: idx.map((i) => 'aprod'[s.memmap(i)]).join(''),
    node: idx.map((i) => (g.subNode[i]! < 0 ? '-' : String(g.subNode[i]))).join(''),
    zone: idx.map((i) => (s.memmap(i) >= 2 ? zoneLetter[s.memmapZone(i)] : '-')).join(''),
    valid: idx.map((i) => (k.pfn_valid(i) ? '1' : '0')).join(''),
  };
}

function sysfsEntries(m: HotplugModel, s: Kstate): SysfsEntry[] {
  const out: SysfsEntry[] = [{ path: 'memory/', change: 'same' }];
  for (let b = 0; b < m.g.nrBlocks; b++) {
    if (s.blockExists(b)) {
      const zone = s.blockZone(b) === Zone.NONE ? '' : `, ${ZONE_NAMES[s.blockZone(b)]}`;
      out.push({ path: `memory/memory${b}/`, note: `${BLOCK_STATE_NAMES[s.blockState(b)]}${zone}`, change: 'same' });
    }
    for (const n of maskBits(s.memToNodeLinks(b))) {
      out.push({ path: `memory/memory${b}/node${n}`, target: `../../node/node${n}`, stale: !s.nodeRegistered(n), change: 'same' });
    }
  }
  out.push({ path: 'node/', change: 'same' });
  for (const nid of m.g.nodeIds) {
    if (s.nodeRegistered(nid)) out.push({ path: `node/node${nid}/`, note: s.nodeOnline(nid) ? 'online' : 'offline', change: 'same' });
    for (let b = 0; b < m.g.nrBlocks; b++) {
      if (s.nodeToMemLinks(b) & (1 << nid)) out.push({ path: `node/node${nid}/memory${b}`, target: `../../memory/memory${b}`, stale: !s.blockExists(b), change: 'same' });
    }
  }
  return out;
}

const sortKey = (p: string): string => p.replace(/\d+/g, (d) => d.padStart(4, '0'));

/** The entries of `now`, marked against `before`, plus the ones that went (marked removed). */
function diffSysfs(before: readonly SysfsEntry[] | null, now: SysfsEntry[]): SysfsEntry[] {
  if (before === null) return now;
  const old = new Map(before.filter((e) => e.change !== 'removed').map((e) => [e.path, e]));
  const marked = now.map((e): SysfsEntry => {
    const prev = old.get(e.path);
    const change = !prev ? 'added' : prev.note !== e.note || prev.stale !== e.stale ? 'changed' : 'same';
    return { ...e, change };
  });
  const paths = new Set(now.map((e) => e.path));
  const gone = [...old.values()].filter((e) => !paths.has(e.path)).map((e): SysfsEntry => ({ ...e, change: 'removed' }));
  return [...marked, ...gone].sort((a, b) => sortKey(a.path).localeCompare(sortKey(b.path)));
}

function blockRows(m: HotplugModel, s: Kstate): string[][] {
  const rows: string[][] = [];
  for (let b = 0; b < m.g.nrBlocks; b++) {
    const toNode = maskBits(s.memToNodeLinks(b));
    const fromNode = maskBits(s.nodeToMemLinks(b));
    if (!s.blockExists(b) && toNode.length === 0 && fromNode.length === 0) continue;
    const nid = s.blockNid(b);
    rows.push([
      `memory${b}`, BLOCK_STATE_NAMES[s.blockState(b)], ZONE_NAMES[s.blockZone(b)], nid === NUMA_NO_NODE ? 'NUMA_NO_NODE' : String(nid),
      toNode.map((n) => `node${n}`).join(' ') || '-', fromNode.map((n) => `node${n}`).join(' ') || '-',
      s.blockExists(b) ? validZonesText(withScratch(s, m.kb, (k) => show_valid_zones(k, b))) || 'none' : '-',
    ]);
  }
  return rows;
}

function nodeRows(m: HotplugModel, s: Kstate): string[][] {
  const yes = (v: boolean): string => (v ? 'yes' : 'no');
  return m.g.nodeIds.map((nid) => [
    `node${nid}`, yes(s.nodeRegistered(nid)), yes(s.nodeOnline(nid)), yes(s.nodeHasMemory(nid)), yes(m.g.nodeHasCpus[nid] === true),
    spanText(m.g, s.nodeSpan(nid)),
    ...[Zone.NORMAL, Zone.MOVABLE, Zone.DEVICE].map((z) => spanText(m.g, s.zoneSpan(nid, z))),
  ]);
}

export interface TraceToView {
  readonly property: string;
  /** The property's message at the last step, or null when it holds there (a trace replayed on a fixed kernel). */
  readonly message: string | null;
  readonly trace: readonly TraceStep<StateVector>[];
}

export function viewTrace(m: HotplugModel, patchArgs: readonly string[], t: TraceToView): ViewTrace {
  const g = m.g;
  const def = m.config.properties.find((p) => p.name === t.property)!;
  const prop = m.properties.find((p) => p.name === t.property)!;
  let prevSysfs: SysfsEntry[] | null = null;
  const steps = t.trace.map((step, i): ViewStep => {
    const s = m.view(step.state);
    const before = i === 0 ? null : m.view(t.trace[i - 1]!.state);
    const action = step.actionId === null ? null : m.actions[step.actionId]!;
    const sysfs = diffSysfs(prevSysfs, sysfsEntries(m, s));
    prevSysfs = sysfs;
    return {
      action: step.action ?? 'power-on',
      commands: action && before ? actionCommands(g, action, before) : ['(power-on: nothing has run yet)'],
      changes: before ? stateChanges(before, s) : [],
      errno: s.errno === 0 ? null : `-${ERRNO_NAMES[s.errno] ?? s.errno}`,
      bug: bugMessage(s),
      subs: subsectionMap(m, s),
      sysfs,
      blocks: blockRows(m, s),
      nodes: nodeRows(m, s),
      violation: prop.check(step.state),
    };
  });
  const n = t.trace.length - 1;
  const last = t.trace[n]!;
  const log = n > 0 && t.message !== null ? kernelLog(m.view(t.trace[n - 1]!.state), m.view(last.state), m.actions[last.actionId!]!, m.kb) : [];
  const gl = g.layout;
  return {
    layout: gl.name,
    kernel: m.config.profile.name,
    patches: [...patchArgs],
    geometry: `section ${formatSize(gl.geometry.sectionSize)}, subsection ${formatSize(gl.geometry.subsectionSize)}, block ${formatSize(gl.geometry.blockSize)}`,
    property: { name: def.name, statement: def.statement, why: def.why, message: t.message },
    kernelLog: log,
    map: { subsPerSection: g.subsPerSection, subsPerBlock: g.subsPerBlock, subSize: gl.geometry.subsectionSize },
    ranges: [
      ...gl.boot.map((r, i) => ({ kind: 'boot', name: `boot[${i}]`, node: r.node, r })),
      ...gl.dimms.map((r) => ({ kind: 'dimm', name: r.name, node: r.node, r })),
      ...gl.pmem.map((r) => ({ kind: 'pmem', name: r.name, node: r.node, r })),
    ].map(({ r, ...x }) => ({ ...x, start: r.start / gl.geometry.subsectionSize, end: r.end / gl.geometry.subsectionSize, text: formatRange(r) })),
    steps,
  };
}

/** Memmap letters of SubsectionMap.memmap, for the page's legend. */
export const MEMMAP_LETTERS = Object.fromEntries(MEMMAP_NAMES.map((name, i) => ['aprod'[i]!, name]));
export const SUBKIND_LETTERS: Record<string, string> = { h: 'hole', b: 'boot RAM', d: 'DIMM', p: 'pmem' };
