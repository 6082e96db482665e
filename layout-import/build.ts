/**
 * buildLayout() - a layout file (as data, for parseLayout()) from the facts of a boot log
 * and/or a sysfs copy and the command line's flags, with one comment line for each thing it
 * read and each default it took.
 */
import { formatRange, formatSize } from '../model/layout/sizes.ts';
import type { Plugged } from '../model/layout/types.ts';
import type { Facts, FoundDimm, NodeRange, Read } from './facts.ts';
import { chooseSubsection, roundBoot, roundDown, roundUp, KERNEL_SUBSECTION, MiB } from './geometry.ts';
import type { DimmSpec, ImportOptions } from './options.ts';

export interface BuiltLayout {
  readonly raw: RawLayout;
  /** Comment lines for the top of the YAML (without "# "). */
  readonly comments: string[];
}

export interface RawLayout {
  name: string;
  description: string;
  geometry: { sectionSize: string; subsectionSize: string; blockSize: string };
  nodes: { id: number; cpus: boolean }[];
  boot: { node: number; range: string }[];
  dimms: { name: string; node: number; range: string; plugged: Plugged }[];
  pmem: { name: string; node: number; range: string }[];
  platform: Record<string, unknown>;
}

const rng = (r: { start: number; end: number }): string => formatRange(r);

/** Both sources in one: boot memory from the log, the DIMMs present from sysfs. */
function merge(d: Facts | undefined, s: Facts | undefined): Facts {
  if (!d) return s!;
  if (!s) return d;
  const m: Facts = { ...d, nodes: new Set([...d.nodes, ...s.nodes]), cpuNodes: new Set([...d.cpuNodes, ...s.cpuNodes]), notes: [...d.notes, ...s.notes] };
  m.cpusKnown = d.cpusKnown || s.cpusKnown;
  m.blockSize = s.blockSize ?? d.blockSize;
  m.autoOnline = d.autoOnline ?? s.autoOnline;
  m.dmaZoneEnd = d.dmaZoneEnd ?? s.dmaZoneEnd;
  const size = m.blockSize ?? 1;
  const inBoot = (r: NodeRange): boolean => d.boot.some((b) => roundDown(b.start, size) < r.end && r.start < roundUp(b.end, size));
  const extra = [...s.dimms, ...s.boot.filter((r) => !inBoot(r)).map((r, i): FoundDimm => ({ ...r, name: `added${i}`, plugged: 'no' }))];
  m.dimms.push(...extra.filter((r) => !inBoot(r)));
  return m;
}

function blockSizeOf(f: Facts, notes: string[]): number {
  if (f.blockSize !== undefined) return f.blockSize;
  const size = f.arch === 'ppc64' ? 256 * MiB : 128 * MiB;
  notes.push(`block size: ${formatSize(size)} (not in the source; the ${f.arch === 'ppc64' ? 'usual pseries LMB size' : 'x86_64 size below 64G of RAM'})`);
  return size;
}

/** First fit for a DIMM without `at`: from the lowest SRAT hotplug window, else above everything. */
function place(spec: DimmSpec, taken: { start: number; end: number }[], f: Facts, block: number): number {
  if (spec.at !== undefined) return spec.at;
  const top = Math.max(...taken.map((t) => t.end));
  let at = f.hotplugWindows.length > 0 ? Math.min(...f.hotplugWindows.map((w) => w.start)) : roundUp(top, block);
  for (const t of [...taken].sort((a, b) => a.start - b.start)) if (at < t.end && t.start < at + spec.size) at = roundUp(t.end, block);
  return at;
}

function pmemNode(p: NodeRange, boot: readonly NodeRange[], section: number, fallback: number): number {
  const near = boot.find((b) => roundDown(b.start, section) < p.end && p.start < roundUp(b.end, section));
  return p.node >= 0 ? p.node : near?.node ?? fallback;
}

/** The boot ranges with the --lmb ranges cut out as `plugged: boot` DIMMs. */
function cutLmbs(boot: NodeRange[], o: ImportOptions): Read<{ boot: NodeRange[]; lmbs: FoundDimm[] }> {
  let out = boot;
  const lmbs: FoundDimm[] = [];
  for (const l of o.lmbs) {
    const host = out.find((b) => b.start <= l.start && l.end <= b.end);
    if (!host) return { ok: false, error: `--lmb ${rng(l)}: not inside one boot memory range` };
    const pieces = [{ ...host, end: l.start }, { ...host, start: l.end }].filter((p) => p.start < p.end);
    out = out.flatMap((b) => (b === host ? pieces : [b]));
    lmbs.push({ node: host.node, start: l.start, end: l.end, name: `lmb${l.start.toString(16)}`, plugged: 'boot' });
  }
  return { ok: true, value: { boot: out, lmbs } };
}

/** Every address the model geometry must keep: range ends, DIMM addresses, the end of ZONE_DMA. */
function boundaries(boot: readonly NodeRange[], present: readonly NodeRange[], f: Facts, o: ImportOptions): number[] {
  const ends = (rs: readonly { start: number; end: number }[]): number[] => rs.flatMap((r) => [r.start, r.end]);
  return [...ends(boot), ...ends(present), ...ends(f.pmem), ...ends(o.lmbs), ...o.dimms.flatMap((d) => (d.at !== undefined ? [d.at] : [])), ...(f.dmaZoneEnd ? [f.dmaZoneEnd] : [])];
}

/** The DIMMs found, then the --dimm ones, each placed where nothing else is. */
function withFlagDimms(boot: readonly NodeRange[], found: readonly FoundDimm[], f: Facts, o: ImportOptions, block: number): FoundDimm[] {
  const taken: { start: number; end: number }[] = [...boot, ...found];
  const dimms = [...found];
  const first = found.filter((d) => d.plugged !== 'boot').length;
  o.dimms.forEach((spec, i) => {
    const start = place(spec, taken, f, block);
    const d = { name: spec.name ?? `dimm${first + i}`, node: spec.node, start, end: start + spec.size, plugged: spec.plugged };
    dimms.push(d);
    taken.push(d);
  });
  return dimms;
}

function platformOf(f: Facts, o: ImportOptions, boot: readonly NodeRange[]): Record<string, unknown> {
  const platform: Record<string, unknown> = { vmemmap: o.vmemmap, autoOnline: o.autoOnline ?? f.autoOnline ?? 'offline' };
  if (f.movableNode || o.movableNode) platform['movableNode'] = true;
  if (f.deferredStructPageInit) platform['deferredStructPageInit'] = true;
  const dma = f.dmaZoneEnd;
  if (dma !== undefined && boot.some((b) => b.start < dma && dma < b.end)) platform['dmaZoneEnd'] = formatSize(dma);
  return platform;
}

/**
 * buildLayout() - the layout of the machine the facts describe.
 * Return: the layout data and its comments, or one line naming the flag or fact that is wrong.
 */
export function buildLayout(dmesg: Facts | undefined, sysfs: Facts | undefined, o: ImportOptions, sources: string): Read<BuiltLayout> {
  const f = merge(dmesg, sysfs);
  const notes: string[] = [...f.notes];
  const block = blockSizeOf(f, notes);
  const section = o.sectionSize ?? block;
  if (block % section !== 0) return { ok: false, error: `--section-size ${formatSize(section)}: does not divide the block size ${formatSize(block)}` };
  const present = f.dimms.map((d) => ({ ...d, plugged: o.presentDimms }));
  const pre = roundBoot(f.boot, KERNEL_SUBSECTION).ranges;
  const sub = chooseSubsection(section, boundaries(pre, present, f, o));
  const rounded = roundBoot(pre, sub);
  notes.push(...rounded.notes);
  const cut = cutLmbs(rounded.ranges, o);
  if (!cut.ok) return cut;
  const boot = cut.value.boot;
  const dimms = withFlagDimms(boot, [...cut.value.lmbs, ...present], f, o, block);
  const cpuNodes = o.cpus ?? (f.cpusKnown ? [...f.cpuNodes] : [boot[0]?.node ?? 0]);
  if (!o.cpus && !f.cpusKnown) notes.push(`CPUs: on node ${cpuNodes[0]} only (the source does not say which nodes have CPUs; --cpus 0,1 to change)`);
  const pmem = f.pmem.map((p, i) => ({ name: `pmem${i}`, node: pmemNode(p, boot, section, cpuNodes[0]!), start: roundDown(p.start, sub), end: roundUp(p.end, sub) }));
  const ids = new Set([...f.nodes, ...boot.map((b) => b.node), ...dimms.map((d) => d.node), ...cpuNodes, ...pmem.map((p) => p.node)]);
  const raw: RawLayout = {
    name: o.name,
    description: `imported by hpcheck layout import from ${sources}`,
    geometry: { sectionSize: formatSize(section), subsectionSize: formatSize(sub), blockSize: formatSize(block) },
    nodes: [...ids].sort((a, b) => a - b).map((id) => ({ id, cpus: cpuNodes.includes(id) })),
    boot: boot.map((b) => ({ node: b.node, range: rng(b) })),
    dimms: dimms.map((d) => ({ name: d.name, node: d.node, range: rng(d), plugged: d.plugged })),
    pmem: pmem.map((p) => ({ name: p.name, node: p.node, range: rng(p) })),
    platform: platformOf(f, o, boot),
  };
  return { ok: true, value: { raw, comments: describe(f, o, notes, section, sub, present.length) } };
}

function describe(f: Facts, o: ImportOptions, notes: string[], section: number, sub: number, present: number): string[] {
  const out = [`geometry: ${formatSize(section)} sections${o.sectionSize ? '' : ' (one per block)'}, ${formatSize(sub)} subsections (the coarsest that keeps every range boundary; the kernel's are 2M)`];
  for (const w of f.hotplugWindows) out.push(`SRAT hotplug window ${rng(w)} on node ${w.node}${o.dimms.length === 0 ? ': no DIMMs given (--dimm node=N,size=S places one)' : ''}`);
  out.push('defaults for what the sources cannot tell:');
  out.push(`  vmemmap: ${o.vmemmap}${o.vmemmap === 'huge' ? ' (PMD-mapped; --vmemmap base for QEMU -cpu ...,pse=off)' : ''}`);
  if (o.dimms.length === 0) out.push('  DIMMs not yet plugged: none (--dimm node=N,size=S[,at=ADDR][,plugged=acpi-early])');
  if (present > 0) out.push(`  the ${present} DIMM(s) present in the sysfs copy: plugged: ${o.presentDimms} (--present-dimms no|acpi-early|boot)`);
  if (o.lmbs.length === 0 && f.arch === 'ppc64') out.push('  ppc64 LMBs: none marked (the boot log does not list ibm,dynamic-memory; --lmb RANGE marks one)');
  if (!f.autoOnline && !o.autoOnline) out.push('  autoOnline: offline (no memhp_default_state= or auto_online_blocks in the source)');
  if (f.movableNode === undefined && !o.movableNode) out.push('  movable_node: off (a sysfs copy does not show the command line; --movable-node)');
  return [...out, ...notes];
}
