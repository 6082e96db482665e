/**
 * An enumerated layout as a layout file (docs/cli.md#layout-files), and parsed into a `Layout`.
 *
 * Geometry as in the built-in layouts: 256M sections and blocks, 64M subsections. Block i is
 * [i * 256M, (i + 1) * 256M). Neighbouring boot RAM blocks of one node make one boot range, as
 * the boot log prints "Early memory node ranges". A `P<n>` block holds boot RAM in its first
 * three subsections and pmem in the last one, as seed 004's layout does.
 */
import { parseLayout } from './parse.ts';
import { formatAddress } from './sizes.ts';
import type { Layout } from './types.ts';
import { layoutName, type LayoutSpec } from './enumerate.ts';

const BLOCK = 0x10000000;
const SUBSECTION = 0x4000000;

/** The layout-file form (JSON), which `hpcheck check --layout FILE` reads. */
export interface LayoutFile {
  readonly name: string;
  readonly description: string;
  readonly geometry: { sectionSize: string; subsectionSize: string; blockSize: string };
  readonly nodes: { id: number; cpus: boolean }[];
  readonly boot: { node: number; range: string }[];
  readonly dimms: { name: string; node: number; range: string; plugged: string }[];
  readonly pmem: { name: string; node: number; range: string }[];
  readonly platform: { vmemmap: string; autoOnline: string };
}

const range = (start: number, end: number): string => `${formatAddress(start)}-${formatAddress(end - 1)}`;

export function layoutFile(spec: LayoutSpec, description = ''): LayoutFile {
  const boot: { node: number; start: number; end: number }[] = [];
  const dimms: LayoutFile['dimms'] = [];
  const pmem: LayoutFile['pmem'] = [];
  spec.cells.forEach((c, b) => {
    const start = b * BLOCK;
    if (c.kind === 'dimm') {
      dimms.push({ name: `${c.plugged === 'boot' ? 'lmb' : 'dimm'}${b}`, node: c.node, range: range(start, start + BLOCK), plugged: c.plugged });
      return;
    }
    const ramEnd = c.kind === 'ram' ? start + BLOCK : start + BLOCK - SUBSECTION;
    const last = boot[boot.length - 1];
    if (last && last.node === c.node && last.end === start) last.end = ramEnd;
    else boot.push({ node: c.node, start, end: ramEnd });
    if (c.kind === 'ram+pmem') pmem.push({ name: `pmem${b}`, node: c.node, range: range(ramEnd, start + BLOCK) });
  });
  return {
    name: layoutName(spec),
    description,
    geometry: { sectionSize: '256M', subsectionSize: '64M', blockSize: '256M' },
    nodes: spec.cpus.map((cpus, id) => ({ id, cpus })),
    boot: boot.map((r) => ({ node: r.node, range: range(r.start, r.end) })),
    dimms,
    pmem,
    platform: { vmemmap: spec.vmemmap, autoOnline: 'offline' },
  };
}

/**
 * specLayout() - the validated layout of an enumerated spec.
 * Return: the layout; an enumerated layout the parser rejects is a bug in hpcheck, so it throws.
 */
export function specLayout(spec: LayoutSpec): Layout {
  const parsed = parseLayout(JSON.stringify(layoutFile(spec)), layoutName(spec));
  if (!parsed.ok) throw new Error(`hpcheck bug: enumerated layout rejected: ${parsed.error}`);
  return parsed.layout;
}

/** describeLayout() - the layout in one line of kernel words: nodes with CPUs, then each block. */
export function describeLayout(spec: LayoutSpec): string {
  const cpus = spec.cpus.flatMap((has, n) => (has ? [`node${n}`] : []));
  const blocks = spec.cells.map((c, b) => {
    if (c.kind === 'ram') return `memory${b}: node${c.node} boot RAM`;
    if (c.kind === 'ram+pmem') return `memory${b}: node${c.node} boot RAM, then pmem${b} in the section's last 64M`;
    const what = c.plugged === 'boot' ? 'LMB in the boot memory map' : c.plugged === 'acpi-early' ? 'DIMM ACPI adds in SYSTEM_SCHEDULING' : 'DIMM hot-plugged at run time';
    return `memory${b}: node${c.node} ${what}`;
  });
  const pmem = spec.cells.some((c) => c.kind === 'ram+pmem') ? `; ${spec.vmemmap} vmemmap` : '';
  return `CPUs on ${cpus.join(', ')}; ${blocks.join('; ')}${pmem}`;
}
