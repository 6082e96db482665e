/**
 * Every small layout within bounds, smallest first, each symmetry class once.
 *
 * A layout here is a row of memory blocks, one section each, starting at address 0. Each
 * block holds one of:
 *   - `R<n>`: boot RAM of node n;
 *   - `P<n>`: boot RAM of node n that ends mid-section, with a pmem range of node n in the
 *     section's last quarter (an early section shared with device memory, seed 004);
 *   - `B<n>`, `A<n>`, `H<n>`: a DIMM of node n, `plugged: boot` (in the boot memory map, like a
 *     ppc64 LMB), `acpi-early` (added by ACPI in SYSTEM_SCHEDULING) or `no` (hot-plugged at run
 *     time).
 * Blocks of different nodes may interleave in any order. The nodes are 0..m-1, each used
 * (it has CPUs or memory), and at least one has CPUs. A layout's name lists the nodes with
 * CPUs, the blocks, and for layouts with pmem the vmemmap: `c0_R1.R2.B1.R2` is seed 000's
 * layout, `c0_P0_base` seed 004's.
 *
 * Model: vmemmap granularity is enumerated only for layouts with pmem. The model reads it
 * only in depopulate_section_memmap() when part of a section stays populated, and only a
 * sub-section range (pmem) can be removed from part of a section; DIMMs and boot RAM here
 * are whole sections.
 *
 * Symmetry: renaming nodes is an exact symmetry of the model only when it keeps the order
 * of the nodes online at boot (those with CPUs or boot memory), because boot registers them
 * in ascending id order (for_each_online_node() in topology_init() / node_dev_init()) and
 * seed 000's outcome depends on which node links a shared block last. So two layouts are
 * one class when a renaming that keeps that order maps one onto the other; nodes that only
 * come online at run time may take any id. The class is checked once, through its
 * representative: the member with the smallest name.
 * Kernel: topology_init() in arch/<arch>/kernel/topology.c (`for_each_online_node(i)
 * register_one_node(i)`, a subsys_initcall, <= v5.17) and drivers/base/node.c node_dev_init()
 * (v5.18+, 2848a28b0a60) both walk the online nodes in ascending id order; model/init.ts
 * registers bootNodeIds in that order.
 */
import type { Plugged, Vmemmap } from './types.ts';

export interface Bounds {
  /** Most nodes (ids 0..nodes-1). */
  readonly nodes: number;
  /** Most memory blocks. */
  readonly blocks: number;
  /** Most DIMMs, whatever their `plugged`. */
  readonly dimms: number;
  /** Most pmem ranges. */
  readonly pmem: number;
}

export type Cell =
  | { readonly kind: 'ram'; readonly node: number }
  | { readonly kind: 'ram+pmem'; readonly node: number }
  | { readonly kind: 'dimm'; readonly node: number; readonly plugged: Plugged };

export interface LayoutSpec {
  readonly nodes: number;
  readonly cpus: readonly boolean[];
  readonly cells: readonly Cell[];
  readonly vmemmap: Vmemmap;
}

/** One symmetry class: its representative and how many layouts it stands for. */
export interface LayoutClass {
  /** Position in the enumeration (smallest first); stable for given bounds. */
  readonly index: number;
  readonly name: string;
  readonly spec: LayoutSpec;
  /** The number of layouts (node renamings of the representative) this class stands for. */
  readonly members: number;
}

export interface Enumeration {
  readonly bounds: Bounds;
  readonly classes: readonly LayoutClass[];
  /** Layouts before symmetry reduction: the sum of `members`. */
  readonly layouts: number;
}

const PLUGGED_LETTER: Readonly<Record<Plugged, string>> = { boot: 'B', 'acpi-early': 'A', no: 'H' };
const PLUGGED: readonly Plugged[] = ['boot', 'acpi-early', 'no'];

function cellName(c: Cell): string {
  if (c.kind === 'ram') return `R${c.node}`;
  if (c.kind === 'ram+pmem') return `P${c.node}`;
  return `${PLUGGED_LETTER[c.plugged]}${c.node}`;
}

export const hasPmem = (s: LayoutSpec): boolean => s.cells.some((c) => c.kind === 'ram+pmem');
export const dimmCount = (s: LayoutSpec): number => s.cells.filter((c) => c.kind === 'dimm').length;
export const pmemCount = (s: LayoutSpec): number => s.cells.filter((c) => c.kind === 'ram+pmem').length;

/** layoutName() - `c<nodes with CPUs>_<blocks>[_<vmemmap>]`, e.g. `c0_R1.R2.B1.R2`. */
export function layoutName(s: LayoutSpec): string {
  const cpus = s.cpus.flatMap((has, n) => (has ? [String(n)] : [])).join('');
  const cells = s.cells.map(cellName).join('.');
  return `c${cpus}_${cells}${hasPmem(s) ? `_${s.vmemmap}` : ''}`;
}

/** Nodes online at boot: with CPUs or with memory in the boot memory map. */
export function bootNodes(s: LayoutSpec): boolean[] {
  const boot = [...s.cpus];
  for (const c of s.cells) if (c.kind !== 'dimm' || c.plugged === 'boot') boot[c.node] = true;
  return boot;
}

function rename(s: LayoutSpec, to: readonly number[]): LayoutSpec {
  const cpus = new Array<boolean>(s.nodes).fill(false);
  s.cpus.forEach((has, n) => { cpus[to[n]!] = has; });
  return { ...s, cpus, cells: s.cells.map((c) => ({ ...c, node: to[c.node]! })) };
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** Renamings that keep the ascending order of the nodes online at boot. */
function orderKeeping(s: LayoutSpec, perms: readonly number[][]): number[][] {
  const boot = bootNodes(s).flatMap((b, n) => (b ? [n] : []));
  return perms.filter((to) => boot.every((n, i) => i === 0 || to[boot[i - 1]!]! < to[n]!));
}

/** canonicalName() - the smallest name among the layouts symmetric to `s`: its class's name. */
export function canonicalName(s: LayoutSpec, perms: readonly number[][] = permutations(s.nodes)): string {
  let best = layoutName(s);
  for (const to of orderKeeping(s, perms)) {
    const name = layoutName(rename(s, to));
    if (name < best) best = name;
  }
  return best;
}

/** classMembers() - the distinct layouts in the class of `s`, by name: `s` under every allowed renaming. */
export function classMembers(s: LayoutSpec): LayoutSpec[] {
  const byName = new Map<string, LayoutSpec>();
  for (const to of orderKeeping(s, permutations(s.nodes))) {
    const r = rename(s, to);
    byName.set(layoutName(r), r);
  }
  return [...byName.values()];
}

/** Every row of `k` blocks over `m` nodes with at most `dimms` DIMMs and `pmem` pmem ranges. */
function* rows(k: number, m: number, dimms: number, pmem: number): Generator<Cell[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let node = 0; node < m; node++) {
    for (const rest of rows(k - 1, m, dimms, pmem)) yield [{ kind: 'ram', node }, ...rest];
    if (pmem > 0) for (const rest of rows(k - 1, m, dimms, pmem - 1)) yield [{ kind: 'ram+pmem', node }, ...rest];
    if (dimms > 0) {
      for (const plugged of PLUGGED) for (const rest of rows(k - 1, m, dimms - 1, pmem)) yield [{ kind: 'dimm', node, plugged }, ...rest];
    }
  }
}

function* cpuSets(m: number): Generator<boolean[]> {
  for (let mask = 1; mask < 1 << m; mask++) yield Array.from({ length: m }, (_, n) => (mask & (1 << n)) !== 0);
}

/** A layout the parser accepts and that is not a smaller layout in disguise. */
function admissible(s: LayoutSpec): boolean {
  if (!s.cells.some((c) => c.kind !== 'dimm')) return false; // the boot memory map needs boot RAM
  const used = [...s.cpus];
  for (const c of s.cells) used[c.node] = true;
  return used.every(Boolean); // a node with nothing on it is the same layout with fewer nodes
}

/** The size order: blocks, nodes, DIMMs, pmem, huge before base, then the name. */
function sizeKey(s: LayoutSpec): number[] {
  return [s.cells.length, s.nodes, dimmCount(s), pmemCount(s), s.vmemmap === 'huge' ? 0 : 1];
}

function compareSpecs(a: { spec: LayoutSpec; name: string }, b: { spec: LayoutSpec; name: string }): number {
  const ka = sizeKey(a.spec);
  const kb = sizeKey(b.spec);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * enumerateLayouts() - every layout within @bounds, reduced by node renaming, smallest first.
 * @bounds: the most nodes, blocks, DIMMs and pmem ranges
 *
 * Return: the classes in size order (blocks, then nodes, DIMMs, pmem, vmemmap, name), each
 * with the number of layouts it stands for. Deterministic: the same bounds give the same list.
 */
export function enumerateLayouts(bounds: Bounds): Enumeration {
  const count = new Map<string, number>();
  const representative = new Map<string, LayoutSpec>();
  for (let m = 1; m <= bounds.nodes; m++) {
    const perms = permutations(m);
    for (let k = 1; k <= bounds.blocks; k++) {
      for (const cells of rows(k, m, bounds.dimms, bounds.pmem)) {
        const vmemmaps: Vmemmap[] = cells.some((c) => c.kind === 'ram+pmem') ? ['huge', 'base'] : ['huge'];
        for (const cpus of cpuSets(m)) {
          for (const vmemmap of vmemmaps) {
            const spec: LayoutSpec = { nodes: m, cpus, cells, vmemmap };
            if (!admissible(spec)) continue;
            const name = canonicalName(spec, perms);
            count.set(name, (count.get(name) ?? 0) + 1);
            if (layoutName(spec) === name) representative.set(name, spec);
          }
        }
      }
    }
  }
  const reps = [...representative.entries()].map(([name, spec]) => ({ name, spec }));
  if (reps.length !== count.size) throw new Error('hpcheck bug: a symmetry class without its representative');
  const classes = reps.sort(compareSpecs).map((c, index) => ({ index, name: c.name, spec: c.spec, members: count.get(c.name)! }));
  return { bounds, classes, layouts: classes.reduce((n, c) => n + c.members, 0) };
}

const NAME_RE = /^c([0-9]+)_([RPBAH][0-9](?:\.[RPBAH][0-9])*)(?:_(huge|base))?$/;
const PLUGGED_OF: Readonly<Record<string, Plugged>> = { B: 'boot', A: 'acpi-early', H: 'no' };

/**
 * parseLayoutName() - the layout a name from layoutName() stands for.
 * Return: the spec, or a one-line reason the name is not one.
 */
export function parseLayoutName(name: string): { ok: true; value: LayoutSpec } | { ok: false; error: string } {
  const m = NAME_RE.exec(name);
  const bad = (why: string) => ({ ok: false as const, error: `layout name ${name}: ${why}` });
  if (!m) return bad('expected c<nodes with CPUs>_<blocks>[_huge|_base], e.g. c0_R1.R2.B1.R2');
  const cells: Cell[] = m[2]!.split('.').map((t) => {
    const node = Number(t[1]);
    if (t[0] === 'R') return { kind: 'ram', node };
    if (t[0] === 'P') return { kind: 'ram+pmem', node };
    return { kind: 'dimm', node, plugged: PLUGGED_OF[t[0]!]! };
  });
  const cpuNodes = [...m[1]!].map(Number);
  const nodes = Math.max(...cpuNodes, ...cells.map((c) => c.node)) + 1;
  const spec: LayoutSpec = {
    nodes,
    cpus: Array.from({ length: nodes }, (_, n) => cpuNodes.includes(n)),
    cells,
    vmemmap: m[3] === 'base' ? 'base' : 'huge',
  };
  if (hasPmem(spec) !== (m[3] !== undefined)) return bad(hasPmem(spec) ? 'a layout with pmem ends in _huge or _base' : 'only a layout with pmem names its vmemmap');
  if (!admissible(spec)) return bad('every node 0..n-1 needs CPUs or memory, and some block must be boot RAM');
  if (layoutName(spec) !== name) return bad(`write it as ${layoutName(spec)}`);
  return { ok: true, value: spec };
}
