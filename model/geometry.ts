/**
 * Scaled-down sparsemem geometry of one layout: sections, subsections and memory blocks as
 * small integer indices, and static tables of what physical memory sits in each subsection.
 *
 * Model: the unit of memory is one subsection (x86_64: 2M, SUBSECTION_SHIFT 21). Every range
 * in a layout is subsection aligned, so a subsection is wholly boot RAM, wholly one DIMM,
 * wholly one pmem range, or a hole.
 *
 * Kernel: include/linux/mmzone.h (PAGES_PER_SECTION, PAGES_PER_SUBSECTION),
 * drivers/base/memory.c (sections_per_block, memory_block_id()), v6.1.
 */
import type { Layout } from './layout/types.ts';

/** What physical memory a subsection holds. */
export const enum SubKind {
  Hole = 0,
  BootRam = 1,
  Dimm = 2,
  Pmem = 3,
}

export interface Geometry {
  readonly layout: Layout;
  /** Subsections per section. */
  readonly subsPerSection: number;
  /** Sections per memory block. */
  readonly sectionsPerBlock: number;
  readonly subsPerBlock: number;
  readonly nrSections: number;
  readonly nrBlocks: number;
  readonly nrSubs: number;
  /** Node slots are indexed by node id: 0 .. maxNodeId. */
  readonly nrNodeSlots: number;
  /** Node ids declared in the layout, ascending. */
  readonly nodeIds: readonly number[];
  readonly nodeHasCpus: readonly boolean[];
  /** Per subsection: its SubKind. */
  readonly subKind: Uint8Array;
  /** Per subsection: index of the boot range, DIMM or pmem range that holds it, or -1. */
  readonly subOwner: Int16Array;
  /** Per subsection: the node id of its physical memory, or -1 for a hole. */
  readonly subNode: Int8Array;
  /** Blocks that can ever hold System RAM (boot RAM or a DIMM), ascending. */
  readonly ramBlocks: readonly number[];
  /** Per subsection: 1 if it is in the boot memory map (memblock): boot RAM or a `plugged: boot` DIMM. */
  readonly inMemblock: Uint8Array;
  /**
   * Per node slot: the span free_area_init() gives the node, [lowest, highest + 1) subsection
   * of its boot memory, or null for a node without boot memory.
   */
  readonly bootSpans: readonly ([number, number] | null)[];
  /** Node ids online at boot: those with boot memory or CPUs, ascending (for_each_online_node). */
  readonly bootNodeIds: readonly number[];
}

export function buildGeometry(layout: Layout): Geometry {
  const g = layout.geometry;
  const subsPerSection = g.sectionSize / g.subsectionSize;
  const sectionsPerBlock = g.blockSize / g.sectionSize;
  const subsPerBlock = subsPerSection * sectionsPerBlock;
  const ranges = [...layout.boot, ...layout.dimms, ...layout.pmem];
  const maxEnd = Math.max(...ranges.map((r) => r.end));
  const nrBlocks = Math.ceil(maxEnd / g.blockSize);
  const nrSections = nrBlocks * sectionsPerBlock;
  const nrSubs = nrSections * subsPerSection;
  const subKind = new Uint8Array(nrSubs);
  const subOwner = new Int16Array(nrSubs).fill(-1);
  const subNode = new Int8Array(nrSubs).fill(-1);
  const mark = (r: { start: number; end: number; node: number }, kind: SubKind, owner: number) => {
    for (let s = r.start / g.subsectionSize; s < r.end / g.subsectionSize; s++) {
      subKind[s] = kind;
      subOwner[s] = owner;
      subNode[s] = r.node;
    }
  };
  layout.boot.forEach((r, i) => mark(r, SubKind.BootRam, i));
  layout.dimms.forEach((r, i) => mark(r, SubKind.Dimm, i));
  layout.pmem.forEach((r, i) => mark(r, SubKind.Pmem, i));
  const nodeIds = layout.nodes.map((n) => n.id);
  const nrNodeSlots = Math.max(...nodeIds) + 1;
  const nodeHasCpus = Array.from({ length: nrNodeSlots }, (_, id) => layout.nodes.some((n) => n.id === id && n.cpus));
  const inMemblock = new Uint8Array(nrSubs);
  const bootSpans: ([number, number] | null)[] = Array.from({ length: nrNodeSlots }, () => null);
  for (let s = 0; s < nrSubs; s++) {
    const kind = subKind[s];
    if (kind !== SubKind.BootRam && !(kind === SubKind.Dimm && layout.dimms[subOwner[s]!]!.plugged === 'boot')) continue;
    inMemblock[s] = 1;
    const span = bootSpans[subNode[s]!];
    bootSpans[subNode[s]!] = span ? [span[0], s + 1] : [s, s + 1];
  }
  const bootNodeIds = nodeIds.filter((nid) => nodeHasCpus[nid] || bootSpans[nid] !== null);
  const ramBlocks: number[] = [];
  for (let b = 0; b < nrBlocks; b++) {
    for (let s = b * subsPerBlock; s < (b + 1) * subsPerBlock; s++) {
      if (subKind[s] === SubKind.BootRam || subKind[s] === SubKind.Dimm) {
        ramBlocks.push(b);
        break;
      }
    }
  }
  return {
    layout, subsPerSection, sectionsPerBlock, subsPerBlock, nrSections, nrBlocks, nrSubs,
    nrNodeSlots, nodeIds, nodeHasCpus, subKind, subOwner, subNode, ramBlocks, inMemblock, bootSpans, bootNodeIds,
  };
}

/** True when the subsection is in the boot memory map (memblock): boot RAM or a `plugged: boot` DIMM. */
export const isBootRam = (g: Geometry, sub: number): boolean => g.inMemblock[sub] === 1;

export const sectionOfSub = (g: Geometry, sub: number): number => Math.floor(sub / g.subsPerSection);
export const blockOfSub = (g: Geometry, sub: number): number => Math.floor(sub / g.subsPerBlock);
export const firstSubOfSection = (g: Geometry, sec: number): number => sec * g.subsPerSection;

/** Subsection index range [first, end) of a byte range. */
export function subsOfRange(g: Geometry, r: { start: number; end: number }): [number, number] {
  const size = g.layout.geometry.subsectionSize;
  return [r.start / size, r.end / size];
}

/** Physical address of the start of a subsection. */
export const subAddr = (g: Geometry, sub: number): number => sub * g.layout.geometry.subsectionSize;
