/**
 * What a machine shows about its memory layout, gathered from a boot log (dmesg.ts) or a copy
 * of /sys/devices/system (sysfs.ts), before it becomes a layout file (build.ts).
 *
 * Ranges are half-open [start, end), in bytes, as everywhere in hpcheck.
 */
import type { AutoOnline, Plugged } from '../model/layout/types.ts';

export interface NodeRange {
  readonly node: number;
  readonly start: number;
  readonly end: number;
}

export interface FoundDimm extends NodeRange {
  readonly name: string;
  readonly plugged: Plugged;
}

export interface Facts {
  /** `x86_64` when the log has e820/SRAT/x86 lines, `ppc64` for pseries/numa lines. */
  arch: 'x86_64' | 'ppc64' | 'unknown';
  /** memory_block_size_bytes(): "x86/mm: Memory block size" or block_size_bytes. */
  blockSize?: number | undefined;
  /** Nodes known to exist (SRAT, node/possible, "Initializing node N as memoryless"). */
  readonly nodes: Set<number>;
  /** Nodes with CPUs (SRAT APIC lines, "numa: Node N CPUs:", nodeN/cpulist). */
  readonly cpuNodes: Set<number>;
  /** True once some source said which nodes have CPUs. */
  cpusKnown: boolean;
  /** Boot memory ("Early memory node ranges", or the blocks present at boot), in log order. */
  readonly boot: NodeRange[];
  /** SRAT memory affinity ranges marked hotplug: where DIMMs may be plugged. */
  readonly hotplugWindows: NodeRange[];
  /** DIMMs the source shows present (sysfs firmware_node groups). */
  readonly dimms: FoundDimm[];
  /** Device memory: e820 "persistent" ranges. */
  readonly pmem: NodeRange[];
  /** The end of ZONE_DMA ("Zone ranges:" DMA line), MAX_DMA_PFN as an address. */
  dmaZoneEnd?: number | undefined;
  autoOnline?: AutoOnline | undefined;
  movableNode?: boolean | undefined;
  /** "node N deferred pages initialised": CONFIG_DEFERRED_STRUCT_PAGE_INIT. */
  deferredStructPageInit?: boolean | undefined;
  /** e820 usable RAM, used for boot memory when the log has no "Early memory node ranges". */
  readonly e820Usable: { start: number; end: number }[];
  /** What was read, for the YAML comments: one line each. */
  readonly notes: string[];
}

export function emptyFacts(): Facts {
  return {
    arch: 'unknown', nodes: new Set(), cpuNodes: new Set(), cpusKnown: false,
    boot: [], hotplugWindows: [], dimms: [], pmem: [], e820Usable: [], notes: [],
  };
}

/** A reader's answer: the facts, or one line naming the file (and line) and the reason. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };
