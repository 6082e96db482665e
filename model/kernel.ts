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
import type { Behaviour } from './kernels/behaviour.ts';
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

export class Kernel {
  constructor(readonly s: Kstate, readonly g: Geometry, readonly kb: Behaviour) {}

  get crashed(): boolean { return this.s.bug !== 0; }

  /** Records a crash; the kernel stops there, so callers return as soon as `crashed` is set. */
  crash(kind: BugKind, fn: Fn, arg: number): void { this.s.setBug(bugCode(kind, fn), arg); }

  // --- pfn and memmap lookups ----------------------------------------------------------------

  present(sub: number): boolean {
    return this.s.sectionHas(sectionOfSub(this.g, sub), SECTION_MARKED_PRESENT);
  }

  /**
   * pfn_valid() - the pfn has a memmap the kernel may touch.
   * Kernel: include/linux/mmzone.h pfn_valid(), v6.1 (v5.3+: early sections short-circuit
   * the subsection map; before v5.3 valid_section() alone).
   */
  pfnValid(sub: number): boolean {
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

  /** pfn_to_nid() - page_to_nid(pfn_to_page(pfn)): the nid in the page flags. */
  pfnToNid(sub: number, fn: Fn): number {
    return this.touch(sub, fn) ? this.s.memmapNid(sub) : GARBAGE;
  }

  /** page_zone(pfn_to_page(pfn)). */
  pageZone(sub: number, fn: Fn): Zone | typeof GARBAGE {
    return this.touch(sub, fn) ? this.s.memmapZone(sub) : GARBAGE;
  }

  /**
   * get_nid_for_pfn() - the nid of a pfn as the boot-time link code sees it.
   * Kernel: drivers/base/node.c get_nid_for_pfn(), v5.8: with CONFIG_DEFERRED_STRUCT_PAGE_INIT
   * and system_state < SYSTEM_RUNNING it asks memblock (early_pfn_to_nid(), which falls back
   * to first_online_node for a pfn memblock does not know), else pfn_to_nid().
   */
  getNidForPfn(sub: number, fn: Fn): number {
    if (this.g.layout.platform.deferredStructPageInit && this.s.systemState < SystemState.RUNNING) {
      return this.earlyPfnToNid(sub);
    }
    return this.pfnToNid(sub, fn);
  }

  /** early_pfn_to_nid(): memblock knows boot RAM (including `plugged: boot` DIMMs) only. */
  earlyPfnToNid(sub: number): number {
    return isBootRam(this.g, sub) ? this.g.subNode[sub]! : this.firstOnlineNode();
  }

  firstOnlineNode(): number {
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

  /** __register_one_node(): /sys/devices/system/node/nodeM appears (node_devices[nid] set). */
  registerNodeDevice(nid: number): void {
    this.s.setNodeFlag(nid, NODE_REGISTERED, true);
  }

  /** unregister_one_node(): nodeM/ and its memoryN links go; node_devices[nid] = NULL. */
  unregisterNodeDevice(nid: number): void {
    this.s.setNodeFlag(nid, NODE_REGISTERED, false);
    for (let b = 0; b < this.g.nrBlocks; b++) {
      this.s.setNodeToMemLinks(b, this.s.nodeToMemLinks(b) & ~(1 << nid));
    }
  }

  nodeSetOnline(nid: number, on: boolean): void { this.s.setNodeFlag(nid, N_ONLINE, on); }

  /** Subsection range [first, end) of memory block `b`. */
  blockSubs(b: number): [number, number] {
    return [b * this.g.subsPerBlock, (b + 1) * this.g.subsPerBlock];
  }
}
