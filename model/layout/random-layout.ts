/**
 * Random layouts for `simulate --layouts random`: the layouts of the sweep's enumeration
 * (enumerate.ts: a row of 256M blocks of boot RAM, boot RAM with pmem in its section's last
 * 64M, and DIMMs plugged at boot, by ACPI in SYSTEM_SCHEDULING or at run time, on any node;
 * nodes' ranges interleave in any order), drawn by fast-check within bounds instead of
 * enumerated, so much larger bounds are reachable.
 *
 * Each node but node 0 (which has the boot CPU) is drawn as an ordinary node or as a
 * memoryless one: no CPUs and no boot memory, only DIMMs hot-added at run time or by ACPI,
 * like a CXL expander's node or the node of seed 001. Uniform cells alone would make that
 * shape rare, and it is where try_offline_node() and the new-node path are exercised.
 *
 * Everything shrinks towards a smaller layout: fewer blocks, lower node ids, boot RAM
 * rather than a DIMM, ordinary nodes, no CPUs beyond node 0's, huge vmemmap.
 */
import fc from 'fast-check';
import type { Plugged, Vmemmap } from './types.ts';
import type { Bounds, Cell, LayoutSpec } from './enumerate.ts';

type Kind = 'ram' | 'dimm-no' | 'dimm-boot' | 'dimm-acpi-early' | 'ram+pmem';

/** Shrinking goes to the first kind: boot RAM. */
const KINDS: readonly Kind[] = ['ram', 'dimm-no', 'dimm-boot', 'dimm-acpi-early', 'ram+pmem'];
const PLUGGED: Readonly<Record<string, Plugged>> = { 'dimm-no': 'no', 'dimm-boot': 'boot', 'dimm-acpi-early': 'acpi-early' };

interface Drawn {
  readonly cells: readonly { readonly kind: Kind; readonly node: number }[];
  /** CPUs on nodes 1.. (node 0 always has the boot CPU). */
  readonly cpus: readonly boolean[];
  /** Nodes 1.. that are memoryless: DIMMs only, plugged at run time or by ACPI, and no CPUs. */
  readonly memoryless: readonly boolean[];
  readonly vmemmap: Vmemmap;
}

/**
 * toSpec() - a drawn row made valid: a memoryless node's blocks are DIMMs plugged at run time
 * (or by ACPI); DIMMs and pmem past their bounds become boot RAM (of node 0, on a memoryless
 * node); a row without boot RAM gets node 0's in its first block (the boot memory map cannot
 * be empty); nodes with neither CPUs nor blocks are left out.
 */
function toSpec(d: Drawn, b: Bounds): LayoutSpec {
  let dimms = 0;
  let pmem = 0;
  const memoryless = (node: number): boolean => node > 0 && d.memoryless[node - 1] === true;
  const cells: Cell[] = d.cells.map(({ kind, node }) => {
    const k: Kind = memoryless(node) && kind !== 'dimm-acpi-early' ? 'dimm-no' : kind;
    if (k === 'ram+pmem' && pmem < b.pmem) { pmem++; return { kind: k, node }; }
    if (k in PLUGGED && dimms < b.dimms) { dimms++; return { kind: 'dimm', node, plugged: PLUGGED[k]! }; }
    return { kind: 'ram', node: memoryless(node) ? 0 : node };
  });
  if (!cells.some((c) => c.kind !== 'dimm')) cells[0] = { kind: 'ram', node: 0 };
  const cpus = [true, ...d.cpus.map((has, i) => has && !memoryless(i + 1))];
  // A node with nothing on it is the same layout with fewer nodes: number the used ones
  // 0, 1, ... keeping their order, which is the order boot registers them in.
  const used = [...new Set([...cpus.flatMap((has, n) => (has ? [n] : [])), ...cells.map((c) => c.node)])].sort((a, b) => a - b);
  const id = new Map(used.map((n, i) => [n, i]));
  return {
    nodes: used.length,
    cpus: used.map((n) => cpus[n] === true),
    cells: cells.map((c) => ({ ...c, node: id.get(c.node)! })),
    vmemmap: pmem > 0 ? d.vmemmap : 'huge',
  };
}

/**
 * randomLayoutSpec() - an arbitrary of layouts within @b (at most b.nodes nodes, b.blocks
 * blocks, b.dimms DIMMs and b.pmem pmem ranges), turned into a layout by specLayout().
 */
export function randomLayoutSpec(b: Bounds): fc.Arbitrary<LayoutSpec> {
  const cell = fc.record({ kind: fc.constantFrom(...KINDS), node: fc.integer({ min: 0, max: b.nodes - 1 }) });
  return fc.record({
    cells: fc.array(cell, { minLength: 1, maxLength: b.blocks, size: 'max' }),
    cpus: fc.array(fc.boolean(), { minLength: b.nodes - 1, maxLength: b.nodes - 1 }),
    memoryless: fc.array(fc.boolean(), { minLength: b.nodes - 1, maxLength: b.nodes - 1 }),
    vmemmap: fc.constantFrom<Vmemmap>('huge', 'base'),
  }).map((d) => toSpec(d, b));
}
