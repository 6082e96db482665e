/**
 * shrinkLayout() - `--small`: the machine's shape at the fewest blocks. Ranges keep their order
 * (so the order nodes come up and any interleaving stay), each boot range keeps one whole block
 * plus its parts of a block it shares (boot memory ending mid-section, device memory in an
 * early section), each DIMM one block, at most two DIMMs per node and kind (two DIMMs on one
 * node are what seed 001 needs), pmem its part of its first section. Holes between ranges go.
 */
import { formatRange } from '../model/layout/sizes.ts';
import type { Layout } from '../model/layout/types.ts';
import type { RawLayout } from './build.ts';
import { roundDown, roundUp } from './geometry.ts';

interface Piece {
  readonly kind: 'boot' | 'dimm' | 'pmem';
  readonly index: number;
  readonly node: number;
  readonly start: number;
  readonly end: number;
}

function pieces(l: Layout): Piece[] {
  return [
    ...l.boot.map((r, index) => ({ kind: 'boot' as const, index, node: r.node, start: r.start, end: r.end })),
    ...l.dimms.map((r, index) => ({ kind: 'dimm' as const, index, node: r.node, start: r.start, end: r.end })),
    ...l.pmem.map((r, index) => ({ kind: 'pmem' as const, index, node: r.node, start: r.start, end: r.end })),
  ].sort((a, b) => a.start - b.start);
}

/** The length a piece keeps. */
function keptLength(p: Piece, l: Layout): number {
  const block = l.geometry.blockSize;
  const section = l.geometry.sectionSize;
  if (p.kind === 'dimm') return block;
  if (p.kind === 'pmem') return Math.min(p.end, roundUp(p.start + 1, section)) - p.start;
  const firstFull = roundUp(p.start, block);
  const lastFull = roundDown(p.end, block);
  if (firstFull >= lastFull) return p.end - p.start;
  return (firstFull - p.start) + block + (p.end - lastFull);
}

/** DIMMs beyond the first two of each node and kind. */
function droppedDimms(l: Layout): Set<number> {
  const seen = new Map<string, number>();
  const out = new Set<number>();
  l.dimms.forEach((d, i) => {
    const k = `${d.node}/${d.plugged}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n > 2) out.add(i);
  });
  return out;
}

/**
 * shrinkLayout() - the small layout of `l` (validated), as layout data; and what it kept and dropped.
 */
export function shrinkLayout(l: Layout, raw: RawLayout): { raw: RawLayout; kept: string[]; dropped: string[] } {
  const block = l.geometry.blockSize;
  const drop = droppedDimms(l);
  const placed = new Map<Piece, { start: number; end: number }>();
  let cursor = 0;
  let prev: { old: Piece; end: number } | null = null;
  for (const p of pieces(l)) {
    if (p.kind === 'dimm' && drop.has(p.index)) continue;
    const len = keptLength(p, l);
    let start: number;
    if (prev && p.start < roundUp(prev.old.end, block) && p.start % block !== 0) start = prev.end + (p.start - prev.old.end);
    else start = roundUp(Math.max(cursor, 0), block) + (p.start % block);
    placed.set(p, { start, end: start + len });
    cursor = start + len;
    prev = { old: p, end: start + len };
  }
  const at = (kind: Piece['kind'], i: number): { start: number; end: number } | undefined =>
    [...placed.entries()].find(([p]) => p.kind === kind && p.index === i)?.[1];
  const out: RawLayout = {
    ...raw,
    name: `${raw.name}-small`,
    boot: raw.boot.map((b, i) => ({ ...b, range: formatRange(at('boot', i)!) })),
    dimms: raw.dimms.flatMap((d, i) => (drop.has(i) ? [] : [{ ...d, range: formatRange(at('dimm', i)!) }])),
    pmem: raw.pmem.map((p, i) => ({ ...p, range: formatRange(at('pmem', i)!) })),
  };
  const dropped = drop.size > 0 ? [`${drop.size} DIMM(s) beyond the first two of their node and kind: ${[...drop].map((i) => l.dimms[i]!.name).join(', ')}`] : [];
  return { raw: out, kept: features(l, drop), dropped };
}

/** The features of `l` that the small layout keeps, one line each. */
export function features(l: Layout, drop: ReadonlySet<number> = new Set()): string[] {
  const out: string[] = [];
  const section = l.geometry.sectionSize;
  const order = l.boot.map((b) => b.node);
  out.push(`boot ranges in the order the log gives them: node ${order.join(', node ')}`);
  const seq = pieces(l).filter((p) => p.kind !== 'dimm' || !drop.has(p.index)).map((p) => p.node);
  const interleaved = seq.some((n, i) => seq.indexOf(n) < i && seq.slice(seq.indexOf(n), i).some((m) => m !== n));
  if (interleaved) out.push(`interleaved node ranges: ${seq.map((n) => `node${n}`).join(' ')}`);
  for (const n of l.nodes) {
    const mem = l.boot.some((b) => b.node === n.id);
    if (!mem && !n.cpus) out.push(`node ${n.id}: memoryless and CPU-less (comes online when memory is added to it)`);
    else if (!mem) out.push(`node ${n.id}: memoryless, with CPUs`);
    else if (!n.cpus) out.push(`node ${n.id}: CPU-less, with boot memory`);
  }
  const kinds = new Map<string, number>();
  l.dimms.forEach((d, i) => { if (!drop.has(i)) kinds.set(`${d.plugged} on node ${d.node}`, (kinds.get(`${d.plugged} on node ${d.node}`) ?? 0) + 1); });
  for (const [k, n] of kinds) out.push(`hot-pluggable: ${n} DIMM(s) plugged: ${k}`);
  for (const p of l.pmem) if (l.boot.some((b) => roundDown(b.end - 1, section) === roundDown(p.start, section))) out.push(`device memory ${p.name} shares an early section with boot memory`);
  for (const b of l.boot) if (b.end % section !== 0) out.push(`boot memory of node ${b.node} ends mid-section (at ${formatRange(b)})`);
  if (l.platform.dmaZoneEnd > 0) out.push('the first boot block spans ZONE_DMA and the zone above (valid_zones none)');
  return out;
}
