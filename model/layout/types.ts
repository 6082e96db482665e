/**
 * A validated machine layout (docs/cli.md#layout-files), in bytes. Ranges are half-open: [start, end).
 *
 * Produced only by `parseLayout` (model/layout/parse.ts), which has already checked every
 * constraint listed there, so the model may rely on them.
 */

export type Plugged = 'boot' | 'acpi-early' | 'no';
export type AutoOnline = 'offline' | 'online' | 'online_kernel' | 'online_movable';
export type Vmemmap = 'huge' | 'base';

export interface Geometry {
  /** Bytes per memory section (x86_64: 128M, scaled down here). */
  readonly sectionSize: number;
  /** Bytes per subsection (x86_64: 2M); divides sectionSize. */
  readonly subsectionSize: number;
  /** Bytes per memory block; a multiple of sectionSize. */
  readonly blockSize: number;
}

export interface LayoutNode {
  readonly id: number;
  readonly cpus: boolean;
}

export interface Range {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

export interface BootRange extends Range {
  readonly node: number;
}

export interface Dimm extends Range {
  readonly name: string;
  readonly node: number;
  readonly plugged: Plugged;
}

export interface Pmem extends Range {
  readonly name: string;
  readonly node: number;
}

export interface Platform {
  /** Granularity of the vmemmap: `huge` (PMD-mapped, 2M pages) or `base` (4K pages, QEMU `-cpu ...,pse=off`). */
  readonly vmemmap: Vmemmap;
  /** What the kernel does with hot-added blocks (`memhp_default_state` / CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE). */
  readonly autoOnline: AutoOnline;
  /** CONFIG_DEFERRED_STRUCT_PAGE_INIT: get_nid_for_pfn() uses early_pfn_to_nid() before SYSTEM_RUNNING. */
  readonly deferredStructPageInit: boolean;
  /** CONFIG_DEBUG_VM_PGFLAGS: reading the flags of a poisoned memmap is a VM_BUG_ON_PGFLAGS. */
  readonly debugVmPgflags: boolean;
  /** The `movable_node` boot parameter: the default zone for hot-added memory is ZONE_MOVABLE. */
  readonly movableNode: boolean;
  /**
   * MAX_DMA_PFN as an address (x86_64: 16M), or 0 for none. The model puts all boot memory in
   * ZONE_NORMAL; this boundary only tells which boot blocks span two zones (ZONE_DMA and the
   * zone above it), which the kernel cannot offline and shows as `valid_zones` "none".
   */
  readonly dmaZoneEnd: number;
}

export interface Layout {
  readonly name: string;
  readonly description: string;
  readonly geometry: Geometry;
  /** Sorted by id. */
  readonly nodes: readonly LayoutNode[];
  /** "Early memory node ranges", in the order given (which is the order the boot log prints). */
  readonly boot: readonly BootRange[];
  readonly dimms: readonly Dimm[];
  readonly pmem: readonly Pmem[];
  readonly platform: Platform;
}

/** Model limits, enforced by the parser with a message naming the field. */
export const LAYOUT_LIMITS = {
  maxNodes: 8,
  maxNodeId: 7,
  maxSubsectionsPerSection: 16,
  maxSections: 256,
  maxDimms: 16,
  maxPmem: 8,
} as const;
