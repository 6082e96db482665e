/**
 * Behaviour points: every place where the kernel's hotplug behaviour changed between the
 * versions hpcheck models. A kernel profile (profiles.ts) fills every point; a patch
 * (patches.ts, or a user's module) replaces one or more of them.
 *
 * Function points take the `Kernel` view (model/kernel.ts) and run kernel code against it;
 * data points select between variants whose code lives in the kernel files of model/.
 */
import type { Kernel } from '../kernel.ts';
import type { Zone } from '../state.ts';

/** enum meminit_context (include/linux/mmzone.h, c1d0da83358a). */
export type MeminitContext = 'MEMINIT_EARLY' | 'MEMINIT_HOTPLUG';

/** What userspace writes to memoryN/state to online a block. */
export type OnlineType = 'online' | 'online_kernel' | 'online_movable';

export interface ZonePolicy {
  readonly name: string;
  /** True before f1dd2cd13c4b (v4.13): the zone is chosen, and spans grow, at add time. */
  readonly zoneAtAdd: boolean;
  /**
   * The zone an offline block goes to for `type`, or null when the kernel refuses (-EINVAL).
   * May move zone boundaries, as v4.10's move_pfn_range_left/right() do.
   */
  zoneForOnline(k: Kernel, b: number, type: OnlineType): Zone | null;
  /** The zones `valid_zones` shows for an offline block, the default first. */
  validZones(k: Kernel, b: number): Zone[];
}

export interface Behaviour {
  /**
   * register_mem_sect_under_node(mem, nid, context) - link block `b` under node `nid` if it
   * spans that node. Return: 0 or a positive errno from link creation.
   */
  register_mem_sect_under_node(k: Kernel, b: number, nid: number, context: MeminitContext): number;
  /** do_register_memory_block_under_node(): set mem->nid and create both links. Return: errno. */
  do_register_memory_block_under_node(k: Kernel, b: number, nid: number): number;
  /** What add_memory_resource() does when linking failed: BUG_ON(ret) (v4.17..v5.9) or nothing. */
  readonly link_failure: 'bug-on' | 'ignore';
  /**
   * mem->nid bookkeeping: up to v5.3 a new block's nid is 0 (kzalloc) and linking sets it
   * before walking the pfns; since d84f2f5a7552 (v5.4) it starts as NUMA_NO_NODE and is set
   * only when a link is made.
   */
  readonly mem_nid: 'v5.3' | 'v5.4';
  /** unregister_memory_block_under_nodes(mem): remove the block's node links at remove time. */
  unregister_memory_block_under_nodes(k: Kernel, b: number): void;
  /** try_offline_node(nid): after a remove, offline and unregister the node if it is empty. */
  try_offline_node(k: Kernel, nid: number): void;
  /** section_deactivate(): drop the subsections in `mask` of section `sec`, and their memmap. */
  section_deactivate(k: Kernel, sec: number, mask: number): void;
  /** Zone choice for online and `valid_zones`. */
  readonly zone_policy: ZonePolicy;
  /** The memmap of hot-added memory: initialised with zone (v4.10), nid only (v4.13), poisoned (v4.17+). */
  readonly memmap_at_add: 'initialised' | 'nid-only' | 'poisoned';
  /** Where zone and node spans shrink: in __remove_pages() (<= v5.4) or at offline (v5.5+, feee6b298916). */
  readonly span_shrink: 'at-remove' | 'at-offline';
  /** Whether offline re-poisons the memmap (remove_pfn_range_from_zone()). */
  readonly offline_poisons_memmap: boolean;
  /** Sub-section hotplug (v5.3+, ba72b4c8cf60): subsection map, early sections reuse their memmap. */
  readonly subsection_hotplug: boolean;
  /** Whether memunmap_pages() shrinks the ZONE_DEVICE span, reading memmaps (<= v5.4). */
  readonly shrink_zone_device: boolean;
  /** Where boot registers nodes: topology_init() (<= v5.17) or node_dev_init() (v5.18+, 2848a28b0a60). */
  readonly node_registration: 'topology_init' | 'node_dev_init';
  /**
   * memmap on memory (model/memmap_on_memory.ts): none before a08a2ae34613 (v5.12); then only
   * for an add of exactly one memory block; per block of any add since 6b8f0798b85a (v6.6).
   */
  readonly memmap_on_memory: 'none' | 'single-block' | 'per-block';
  /**
   * `memory_hotplug.online_policy`: 'contig-zones' only (the parameter does not exist) before
   * e83a437faa62 (v5.15); 'selectable' from v5.15, where `auto-movable` (model/online_policy.ts)
   * can be chosen with platform.onlinePolicy.
   */
  readonly online_policy: 'contig-zones' | 'selectable';
}

export type BehaviourPoint = keyof Behaviour;

/** Every point, in documentation order, with whether a patch supplies it as a function. */
export const BEHAVIOUR_POINTS: readonly { name: BehaviourPoint; kind: 'function' | 'data' | 'object' }[] = [
  { name: 'register_mem_sect_under_node', kind: 'function' },
  { name: 'do_register_memory_block_under_node', kind: 'function' },
  { name: 'link_failure', kind: 'data' },
  { name: 'mem_nid', kind: 'data' },
  { name: 'unregister_memory_block_under_nodes', kind: 'function' },
  { name: 'try_offline_node', kind: 'function' },
  { name: 'section_deactivate', kind: 'function' },
  { name: 'zone_policy', kind: 'object' },
  { name: 'memmap_at_add', kind: 'data' },
  { name: 'span_shrink', kind: 'data' },
  { name: 'offline_poisons_memmap', kind: 'data' },
  { name: 'subsection_hotplug', kind: 'data' },
  { name: 'shrink_zone_device', kind: 'data' },
  { name: 'node_registration', kind: 'data' },
  { name: 'memmap_on_memory', kind: 'data' },
  { name: 'online_policy', kind: 'data' },
];

/** A patch: a name, a one-line description, and the points it replaces. */
export interface Patch {
  readonly name: string;
  readonly description: string;
  readonly overrides: Partial<Behaviour>;
  /** A user's patch: the absolute path of the module it was loaded from. */
  readonly source?: string;
}
