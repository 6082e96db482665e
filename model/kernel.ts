/**
 * The kernel as the model's actions see it: one state being built (`s`), the layout's
 * geometry (`g`) and the behaviour bundle of the selected kernel version and patches (`kb`).
 * This file holds the primitives every kernel file uses: pfn and memmap lookups that record
 * bad reads, sysfs link creation and removal, and device (un)registration.
 *
 * Model: a "pfn" is a subsection index; it stands for every pfn of that subsection.
 */
import { BugKind, Fn, ReadKind, bugCode } from './bugs.ts';
import { isBootRam, sectionOfSub, type Geometry } from './geometry.ts';
import {
  BlockState, Kstate, Memmap, NUMA_NO_NODE, N_ONLINE, NODE_REGISTERED, SECTION_HAS_MEM_MAP,
  SECTION_IS_EARLY, SECTION_MARKED_PRESENT, SystemState, Zone,
} from './state.ts';

/** What reading a poisoned memmap yields for a nid or zone: no real node or zone. */
export const GARBAGE = -2;

export const EINVAL = 22;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENXIO = 6;
export const ERRNO_NAMES: Record<number, string> = { 0: '', 6: 'ENXIO', 16: 'EBUSY', 17: 'EEXIST', 22: 'EINVAL' };

// --- behaviour points (the table of points and patches: model/kernels/behaviour.ts) ------------

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
}

export class Kernel {
  constructor(readonly s: Kstate, readonly g: Geometry, readonly kb: Behaviour) {}

  get crashed(): boolean { return this.s.bug !== 0; }

  /** Records a crash; the kernel stops there, so callers return as soon as `crashed` is set. */
  crash(kind: BugKind, fn: Fn, arg: number): void { this.s.setBug(bugCode(kind, fn), arg); }

  // --- pfn and memmap lookups ----------------------------------------------------------------

  /**
   * pfn_present() - the section of the pfn is marked present.
   * Kernel: include/linux/mmzone.h pfn_present(), v5.8 / v6.1 (present_section() of
   * __pfn_to_section()).
   * Context: any; reads mem_section only.
   * Return: true when SECTION_MARKED_PRESENT is set.
   */
  pfn_present(sub: number): boolean {
    return this.s.sectionHas(sectionOfSub(this.g, sub), SECTION_MARKED_PRESENT);
  }

  /**
   * pfn_valid() - the pfn has a memmap the kernel may touch.
   * Kernel: include/linux/mmzone.h pfn_valid(), v6.1 (v5.3+, ba72b4c8cf60: early sections
   * short-circuit the subsection map; before v5.3 valid_section() alone).
   * Context: any; reads mem_section only.
   * Return: true when the section has a memmap and, for a hot-added section with sub-section
   * hotplug, the subsection's bit is set in the usage map.
   * Model: says nothing about whether that memmap is initialised (see pfn_to_nid()).
   */
  pfn_valid(sub: number): boolean {
    const sec = sectionOfSub(this.g, sub);
    if (!this.s.sectionHas(sec, SECTION_HAS_MEM_MAP)) return false;
    if (!this.kb.subsection_hotplug || this.s.sectionHas(sec, SECTION_IS_EARLY)) return true;
    return (this.s.subsectionMap(sec) & (1 << (sub % this.g.subsPerSection))) !== 0;
  }

  /** Touches the memmap of `sub` for reading; records the read if it is poisoned or unmapped. */
  private touch(sub: number, fn: Fn): boolean {
    const m = this.s.memmap(sub);
    if (m === Memmap.ABSENT) {
      this.s.setBadRead(ReadKind.ABSENT | (fn << 4), sub);
      this.crash(BugKind.PAGE_FAULT, fn, sub);
      return false;
    }
    if (m === Memmap.POISONED) {
      this.s.setBadRead(ReadKind.POISONED | (fn << 4), sub);
      if (this.g.layout.platform.debugVmPgflags) this.crash(BugKind.VM_BUG_ON_PGFLAGS, fn, sub);
      return false;
    }
    return true;
  }

  /**
   * pfn_to_nid() - the nid in the page flags: page_to_nid(pfn_to_page(pfn)).
   * Kernel: include/linux/mmzone.h pfn_to_nid(), include/linux/mm.h page_to_nid(), v5.8.
   * Context: any.
   * Return: the nid; GARBAGE when the memmap is poisoned or unmapped.
   * Model: the read is recorded in the state (`memmap-valid`); an unmapped memmap is a page
   * fault, a poisoned one a VM_BUG_ON_PGFLAGS with CONFIG_DEBUG_VM_PGFLAGS (platform flag).
   */
  pfn_to_nid(sub: number, fn: Fn): number {
    return this.touch(sub, fn) ? this.s.memmapNid(sub) : GARBAGE;
  }

  /**
   * page_zone() - the zone in the page flags: page_zone(pfn_to_page(pfn)).
   * Kernel: include/linux/mm.h page_zone(), v5.8.
   * Context: any.
   * Return: the zone; GARBAGE when the memmap is poisoned or unmapped (recorded as for
   * pfn_to_nid()).
   */
  page_zone(sub: number, fn: Fn): Zone | typeof GARBAGE {
    return this.touch(sub, fn) ? this.s.memmapZone(sub) : GARBAGE;
  }

  /**
   * get_nid_for_pfn() - the nid of a pfn as the boot-time link code sees it.
   * Kernel: drivers/base/node.c get_nid_for_pfn(), v5.8: with CONFIG_DEFERRED_STRUCT_PAGE_INIT
   * and system_state < SYSTEM_RUNNING it asks memblock (early_pfn_to_nid(), which falls back
   * to first_online_node for a pfn memblock does not know), else pfn_to_nid().
   * Context: node registration at boot or hot-add; remove time before d84f2f5a7552.
   * Return: the nid, or GARBAGE from pfn_to_nid().
   */
  get_nid_for_pfn(sub: number, fn: Fn): number {
    if (this.g.layout.platform.deferredStructPageInit && this.s.systemState < SystemState.RUNNING) {
      return this.early_pfn_to_nid(sub);
    }
    return this.pfn_to_nid(sub, fn);
  }

  /**
   * early_pfn_to_nid() - the nid memblock has for a pfn.
   * Kernel: mm/page_alloc.c early_pfn_to_nid(), v5.8 (first_online_node when
   * __early_pfn_to_nid() finds no memblock region).
   * Context: boot (system_state < SYSTEM_RUNNING).
   * Return: the nid of boot RAM (including `plugged: boot` DIMMs), else first_online_node.
   * Model: memblock knows boot RAM only; a DIMM added at runtime is never in memblock.
   */
  early_pfn_to_nid(sub: number): number {
    return isBootRam(this.g, sub) ? this.g.subNode[sub]! : this.first_online_node();
  }

  /**
   * first_online_node - the lowest node id in node_states[N_ONLINE].
   * Kernel: include/linux/nodemask.h first_online_node (a macro), v5.8.
 * Context: any; reads node_states[N_ONLINE].
   * Return: the nid; 0 when no node is online (MAX_NUMNODES in the kernel, never reached here).
   */
  first_online_node(): number {
    for (const nid of this.g.nodeIds) if (this.s.nodeOnline(nid)) return nid;
    return 0;
  }

  // --- sysfs links between memoryN and nodeM ----------------------------------------------------

  /** sysfs_create_link_nowarn(&node_devices[nid]->dev.kobj, &mem->dev.kobj, "memoryN"). */
  createNodeToMemLink(nid: number, b: number, fn: Fn): number {
    if (!this.s.nodeRegistered(nid)) {
      this.crash(BugKind.NULL_DEREF, fn, nid);
      return 0;
    }
    const mask = this.s.nodeToMemLinks(b);
    if (mask & (1 << nid)) return EEXIST;
    this.s.setNodeToMemLinks(b, mask | (1 << nid));
    return 0;
  }

  /** sysfs_create_link_nowarn(&mem->dev.kobj, &node_devices[nid]->dev.kobj, "nodeM"). */
  createMemToNodeLink(b: number, nid: number, fn: Fn): number {
    if (!this.s.nodeRegistered(nid)) {
      this.crash(BugKind.NULL_DEREF, fn, nid);
      return 0;
    }
    const mask = this.s.memToNodeLinks(b);
    if (mask & (1 << nid)) return EEXIST;
    this.s.setMemToNodeLinks(b, mask | (1 << nid));
    return 0;
  }

  /** Both sysfs_remove_link() calls; a missing link is silently ignored, as kernfs does. */
  removeLinkPair(b: number, nid: number): void {
    this.s.setNodeToMemLinks(b, this.s.nodeToMemLinks(b) & ~(1 << nid));
    this.s.setMemToNodeLinks(b, this.s.memToNodeLinks(b) & ~(1 << nid));
  }

  // --- devices -----------------------------------------------------------------------------------

  /** A memory block device appears: /sys/devices/system/memory/memoryN. */
  registerBlockDevice(b: number, state: BlockState.MEM_OFFLINE | BlockState.MEM_ONLINE): void {
    this.s.setBlockState(b, state);
    this.s.setBlockNid(b, this.kb.mem_nid === 'v5.3' ? 0 : NUMA_NO_NODE);
    this.s.setBlockZone(b, Zone.NONE);
    this.s.setMemToNodeLinks(b, 0);
  }

  /** device_unregister(&mem->dev): memoryN/ and every link inside it go; nodeM/memoryN stay. */
  unregisterBlockDevice(b: number): void {
    this.s.setBlockState(b, BlockState.ABSENT);
    this.s.setBlockNid(b, NUMA_NO_NODE);
    this.s.setBlockZone(b, Zone.NONE);
    this.s.setMemToNodeLinks(b, 0);
  }

  /**
   * __register_one_node() - /sys/devices/system/node/nodeM appears (node_devices[nid] set).
   * Kernel: drivers/base/node.c __register_one_node(), v5.9 / v6.1.
   * Context: boot (from register_one_node()) or add_memory_resource() of a new node.
   * Model: cannot fail; the CPUs' links under the node are not modelled.
   */
  __register_one_node(nid: number): void {
    this.s.setNodeFlag(nid, NODE_REGISTERED, true);
  }

  /**
   * unregister_one_node() - nodeM/ and its memoryN links go; node_devices[nid] = NULL.
   * Kernel: drivers/base/node.c unregister_one_node(), v5.8 / v6.1.
   * Context: try_offline_node(), device_hotplug_lock held.
   * Model: the memoryN/nodeM links inside the memory block devices stay, as in the kernel.
   */
  unregister_one_node(nid: number): void {
    this.s.setNodeFlag(nid, NODE_REGISTERED, false);
    for (let b = 0; b < this.g.nrBlocks; b++) {
      this.s.setNodeToMemLinks(b, this.s.nodeToMemLinks(b) & ~(1 << nid));
    }
  }

  /**
   * node_set_online() - set N_ONLINE for `nid`.
   * Kernel: include/linux/nodemask.h node_set_online(), v5.8.
 * Context: boot, or add_memory_resource() with mem_hotplug_lock held for write.
   */
  node_set_online(nid: number): void { this.s.setNodeFlag(nid, N_ONLINE, true); }

  /**
   * node_set_offline() - clear N_ONLINE for `nid`.
   * Kernel: include/linux/nodemask.h node_set_offline(), v5.8.
 * Context: try_offline_node(), device_hotplug_lock held.
   */
  node_set_offline(nid: number): void { this.s.setNodeFlag(nid, N_ONLINE, false); }

  /** Subsection range [first, end) of memory block `b`. */
  blockSubs(b: number): [number, number] {
    return [b * this.g.subsPerBlock, (b + 1) * this.g.subsPerBlock];
  }
}
