/**
 * Field-by-field comparison of the kernel's sysfs view with the model's. Every field is
 * compared one to one except where a declared abstraction (sequence.ts) says how; an
 * abstraction that is not declared is not applied, so nothing is skipped silently.
 */
import type { AbstractionId } from './sequence.ts';
import type { BlockView, SysfsView, ZoneView } from './view.ts';

export interface Diff {
  readonly field: string;
  readonly real: string;
  readonly model: string;
}

const list = (xs: readonly number[]): string => xs.join(',');

/** Zones the model has: the DMA zones of boot memory are covered by `boot-zone-spans`. */
const MODEL_ZONES = new Set(['Normal', 'Movable']);

/**
 * The kernel's valid_zones under `boot-zone-names`: DMA32 and DMA, the zones of boot memory on
 * x86_64 below 4 GiB, read as the model's ZONE_NORMAL ("none" stays "none").
 */
function realZones(v: BlockView, boot: boolean, on: ReadonlySet<AbstractionId>): string {
  if (!boot || !on.has('boot-zone-names')) return v.valid_zones;
  return v.valid_zones.split(' ').map((z) => (z === 'DMA32' || z === 'DMA' ? 'Normal' : z)).join(' ');
}

function compareBlocks(real: SysfsView, model: SysfsView, bootBlocks: ReadonlySet<number>, on: ReadonlySet<AbstractionId>, out: Diff[]): void {
  const rb = [...real.blocks.keys()].sort((a, b) => a - b);
  const mb = [...model.blocks.keys()].sort((a, b) => a - b);
  if (list(rb) !== list(mb)) out.push({ field: 'memory blocks', real: list(rb), model: list(mb) });
  for (const b of rb) {
    const r = real.blocks.get(b)!;
    const m = model.blocks.get(b);
    if (!m) continue;
    const pairs: [string, string, string][] = [
      ['state', r.state, m.state],
      ['phys_index', String(r.phys_index), String(m.phys_index)],
      ['valid_zones', realZones(r, bootBlocks.has(b), on), m.valid_zones],
      ['node links', list(r.nodes), list(m.nodes)],
    ];
    for (const [f, a, c] of pairs) if (a !== c) out.push({ field: `memory${b}/${f}`, real: a, model: c });
  }
}

function compareNodes(real: SysfsView, model: SysfsView, out: Diff[]): void {
  for (const f of ['online', 'has_cpu', 'has_memory', 'has_normal_memory'] as const) {
    if (list(real[f]) !== list(model[f])) out.push({ field: `node/${f}`, real: list(real[f]), model: list(model[f]) });
  }
  const rn = [...real.nodes.keys()].sort((a, b) => a - b);
  const mn = [...model.nodes.keys()].sort((a, b) => a - b);
  if (list(rn) !== list(mn)) out.push({ field: 'node directories', real: list(rn), model: list(mn) });
  for (const n of rn) {
    const m = model.nodes.get(n);
    if (m && list(real.nodes.get(n)!) !== list(m)) out.push({ field: `node${n}/memory links`, real: list(real.nodes.get(n)!), model: list(m) });
  }
}

const zoneKey = (z: ZoneView): string => `zone node${z.node} ${z.zone}`;

/**
 * A zone's span as compared: start and size; under `boot-normal-start`, ZONE_NORMAL of a node
 * with boot memory by its end pfn only.
 */
function zoneText(z: ZoneView | undefined, c: CompareContext): string {
  if (!z) return 'absent';
  if (z.zone === 'Normal' && c.bootNodes.has(z.node) && c.on.has('boot-normal-start')) return `end_pfn=${z.start_pfn + z.spanned}`;
  return `start_pfn=${z.start_pfn} spanned=${z.spanned}`;
}

/** The first pfn of the hotplug window (4 GiB, conformance/machine.ts HOTPLUG_BASE). */
const WINDOW_PFN = (4 * 1024 * 1024 * 1024) / 4096;

/**
 * present - managed of a zone, where it is compared: zones that start in the hotplug window,
 * in snapshots that print managed. Below the window boot memory has memblock reservations the
 * model does not know (`page-counts`).
 */
function reservedPair(r: ZoneView | undefined, m: ZoneView | undefined): [string, string] | null {
  if (!r || !m || r.reserved === undefined || r.start_pfn < WINDOW_PFN) return null;
  return [String(r.reserved), String(m.reserved ?? 0)];
}

/** Zone spans; under `boot-zone-spans` the DMA and DMA32 zones of the kernel are left out. */
function compareZones(real: SysfsView, model: SysfsView, c: CompareContext, out: Diff[]): void {
  const rz = real.zones.filter((z) => !c.on.has('boot-zone-spans') || MODEL_ZONES.has(z.zone));
  const keys = [...new Set([...rz, ...model.zones].map(zoneKey))].sort();
  for (const key of keys) {
    const rv = rz.find((z) => zoneKey(z) === key);
    const mv = model.zones.find((z) => zoneKey(z) === key);
    const r = zoneText(rv, c);
    const m = zoneText(mv, c);
    if (r !== m) out.push({ field: key, real: r, model: m });
    const reserved = reservedPair(rv, mv);
    if (reserved && reserved[0] !== reserved[1]) out.push({ field: `${key} present-managed`, real: reserved[0], model: reserved[1] });
  }
}

export interface CompareContext {
  /** The blocks of boot memory (for `boot-zone-names`). */
  readonly bootBlocks: ReadonlySet<number>;
  /** The nodes with boot memory (for `boot-normal-start`). */
  readonly bootNodes: ReadonlySet<number>;
  /** The abstractions the catalogue declares. */
  readonly on: ReadonlySet<AbstractionId>;
}

/** compareViews() - every difference between the kernel's view and the model's, errno first. */
export function compareViews(real: SysfsView, model: SysfsView, realErrno: string, modelErrno: string, c: CompareContext): Diff[] {
  const out: Diff[] = [];
  if (realErrno !== modelErrno) out.push({ field: 'errno', real: realErrno || '0', model: modelErrno || '0' });
  compareNodes(real, model, out);
  compareBlocks(real, model, c.bootBlocks, c.on, out);
  compareZones(real, model, c, out);
  return out;
}
