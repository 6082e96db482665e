/**
 * drivers/base/node.c: node devices and the sysfs links between memoryN and nodeM.
 *
 * Kernel: drivers/base/node.c v5.8 (register_mem_sect_under_node(), link_mem_sections(),
 * unregister_memory_block_under_nodes()), v5.9 (f85086f95fa3), v5.10 (90c7eaeb14a3), v6.1.
 */
import { BugKind, Fn } from './bugs.ts';
import { blockOfSub } from './geometry.ts';
import { GARBAGE, type Kernel } from './kernel.ts';
import type { MeminitContext } from './kernels/behaviour.ts';
import { NUMA_NO_NODE, SystemState, spanEmpty } from './state.ts';

/**
 * link_mem_sections() - register every memory block in [startSub, endSub) under node `nid`.
 * Kernel: drivers/base/node.c link_mem_sections(), v5.9; register_memory_blocks_under_node(), v6.1.
 * Context: boot (register_one_node(), MEMINIT_EARLY) or add_memory_resource()
 * (MEMINIT_HOTPLUG, device_hotplug_lock and mem_hotplug_lock held).
 * Return: the first error of register_mem_sect_under_node(), or 0 (walk_memory_blocks()
 * stops at the first error).
 */
export function link_mem_sections(k: Kernel, nid: number, startSub: number, endSub: number, ctx: MeminitContext): number {
  if (endSub <= startSub) return 0;
  const first = blockOfSub(k.g, startSub);
  const last = blockOfSub(k.g, endSub - 1);
  for (let b = first; b <= last; b++) {
    if (!k.s.blockExists(b)) continue;
    const ret = k.kb.register_mem_sect_under_node(k, b, nid, ctx);
    if (ret !== 0 || k.crashed) return ret;
  }
  return 0;
}

/**
 * The body every register_mem_sect_under_node() variant shares: walk the pfns of the block's present sections
 * and link the block under `nid` at the first pfn that passes the nid check, if checked.
 * Up to v5.3 mem->nid was set to `nid` before the walk, whether or not a pfn matched; since
 * d84f2f5a7552 (v5.4) only when linking.
 * Kernel: drivers/base/node.c register_mem_sect_under_node(), v5.3 and v5.8.
 */
function linkAtFirstPfn(k: Kernel, b: number, nid: number, checkNid: boolean): number {
  if (k.kb.mem_nid === 'v5.3') k.s.setBlockNid(b, nid);
  const [first, end] = k.blockSubs(b);
  for (let sub = first; sub < end; sub++) {
    if (!k.pfn_present(sub) || !k.pfn_valid(sub)) continue;
    if (checkNid) {
      const pageNid = k.get_nid_for_pfn(sub, Fn.register_mem_sect_under_node);
      if (k.crashed) return 0;
      if (pageNid < 0 || pageNid !== nid) continue;
    }
    return k.kb.do_register_memory_block_under_node(k, b, nid);
  }
  return 0;
}

/**
 * register_mem_sect_under_node__check_nid() - link the block under `nid` at its first pfn
 * whose nid is `nid`, always checking.
 *
 * Hot-added memory has an initialised memmap in these kernels, so the check is safe.
 * Kernel: drivers/base/node.c register_mem_sect_under_node(), v4.10 / v4.13.
 * Context: as link_mem_sections().
 * Return: 0 or the error of do_register_memory_block_under_node().
 */
export function register_mem_sect_under_node__check_nid(k: Kernel, b: number, nid: number, _ctx: MeminitContext): number {
  return linkAtFirstPfn(k, b, nid, true);
}

/**
 * register_mem_sect_under_node__system_booting() - check the nid only while
 * `system_state == SYSTEM_BOOTING`.
 *
 * That is never true when it runs: boot links nodes from topology_init() in
 * SYSTEM_SCHEDULING. So a block inside another node's span is linked under that node too
 * (seed 000).
 * Kernel: drivers/base/node.c register_mem_sect_under_node(), v4.19 (4fbce633910e) ..
 * v5.9-rc6; v5.8.
 * Context: as link_mem_sections().
 * Return: 0 or the error of do_register_memory_block_under_node().
 */
export function register_mem_sect_under_node__system_booting(k: Kernel, b: number, nid: number, _ctx: MeminitContext): number {
  return linkAtFirstPfn(k, b, nid, k.s.systemState === SystemState.BOOTING);
}

/**
 * register_mem_sect_under_node__meminit_context() - check the nid for MEMINIT_EARLY only.
 *
 * MEMINIT_EARLY checks each pfn's nid (register_mem_block_under_node_early()),
 * MEMINIT_HOTPLUG links unconditionally (register_mem_block_under_node_hotplug()): a
 * hot-added block belongs to one node.
 * Kernel: drivers/base/node.c, v5.9 (f85086f95fa3, "mm: don't rely on system state to
 * detect hot-plug operations", v5.9-rc7) / v6.1.
 * Context: as link_mem_sections().
 * Return: 0 or the error of do_register_memory_block_under_node().
 */
export function register_mem_sect_under_node__meminit_context(k: Kernel, b: number, nid: number, ctx: MeminitContext): number {
  return linkAtFirstPfn(k, b, nid, ctx === 'MEMINIT_EARLY');
}

/**
 * register_mem_sect_under_node__below_running() - check the nid while `system_state <
 * SYSTEM_RUNNING`.
 *
 * The helper Michal Hocko proposed in the thread of f85086f95fa3 (never merged). ACPI can
 * hot-add a DIMM in SYSTEM_SCHEDULING, whose memmap is not initialised yet.
 * Kernel: none; proposed against drivers/base/node.c v5.9-rc6.
 * Context: as link_mem_sections().
 * Return: 0 or the error of do_register_memory_block_under_node().
 * Divergence: hypothetical; no kernel ever shipped it.
 */
export function register_mem_sect_under_node__below_running(k: Kernel, b: number, nid: number, _ctx: MeminitContext): number {
  return linkAtFirstPfn(k, b, nid, k.s.systemState < SystemState.RUNNING);
}

/**
 * do_register_memory_block_under_node__stop_on_error() - set mem->nid, create nodeM/memoryN
 * and stop at its error, then memoryN/nodeM.
 * Kernel: the tail of drivers/base/node.c register_mem_sect_under_node(), v5.8 (up to
 * v5.9; the helper itself came with 90c7eaeb14a3).
 * Context: as link_mem_sections().
 * Return: 0 or EEXIST.
 */
export function do_register_memory_block_under_node__stop_on_error(k: Kernel, b: number, nid: number): number {
  k.s.setBlockNid(b, nid);
  const ret = k.createNodeToMemLink(nid, b, Fn.register_mem_sect_under_node);
  if (ret !== 0 || k.crashed) return ret;
  return k.createMemToNodeLink(b, nid, Fn.register_mem_sect_under_node);
}

/**
 * do_register_memory_block_under_node__ignore_error() - set mem->nid and create both links,
 * ignoring -EEXIST.
 * Kernel: drivers/base/node.c do_register_memory_block_under_node(), v5.10 / v6.1
 * (90c7eaeb14a3, "mm: don't panic when links can't be created in sysfs").
 * Context: as link_mem_sections().
 * Return: 0.
 */
export function do_register_memory_block_under_node__ignore_error(k: Kernel, b: number, nid: number): number {
  k.s.setBlockNid(b, nid);
  k.createNodeToMemLink(nid, b, Fn.register_mem_sect_under_node);
  if (k.crashed) return 0;
  k.createMemToNodeLink(b, nid, Fn.register_mem_sect_under_node);
  return 0;
}

/**
 * unregister_memory_block_under_nodes__per_pfn() - remove the block's links under every
 * node that a pfn of it names.
 *
 * Walk the pfns from the block's first section to the first pfn of its last section (`pfn <=
 * section_nr_to_pfn(end_section_nr)`, so a one-section block looks at one pfn), read each
 * nid from the memmap, skip offline nodes, and remove both links for each node found. The
 * memmap of never-onlined memory is poisoned, so its nid is garbage and its links stay.
 * Kernel: drivers/base/node.c unregister_memory_block_under_nodes(), v5.3 (before
 * d84f2f5a7552).
 * Context: device_hotplug_lock held, from remove_memory_block_devices().
 * Return: nothing; links it cannot find stay.
 */
export function unregister_memory_block_under_nodes__per_pfn(k: Kernel, b: number): void {
  const [first, end] = k.blockSubs(b);
  const last = end - k.g.subsPerSection;
  let unlinked = 0;
  for (let sub = first; sub <= last; sub++) {
    if (!k.pfn_valid(sub)) continue;
    const nid = k.get_nid_for_pfn(sub, Fn.unregister_memory_block_under_nodes);
    if (k.crashed) return;
    if (nid < 0 || nid === GARBAGE || !k.s.nodeOnline(nid) || unlinked & (1 << nid)) continue;
    unlinked |= 1 << nid;
    k.removeLinkPair(b, nid);
  }
}

/**
 * unregister_memory_block_under_nodes__mem_nid() - remove the block's links under mem->nid.
 *
 * Only the links of mem->nid go, through node_devices[mem->nid], which is NULL once the
 * node was unregistered: that dereference is recorded as a NULL_DEREF crash.
 * Kernel: drivers/base/node.c unregister_memory_block_under_nodes(), v5.4 / v6.1
 * (d84f2f5a7552, "drivers/base/node.c: simplify unregister_memory_block_under_nodes()").
 * Context: device_hotplug_lock held, from remove_memory_block_devices().
 * Return: nothing.
 */
export function unregister_memory_block_under_nodes__mem_nid(k: Kernel, b: number): void {
  const nid = k.s.blockNid(b);
  if (nid === NUMA_NO_NODE) return;
  if (!k.s.nodeRegistered(nid)) {
    k.crash(BugKind.NULL_DEREF, Fn.unregister_memory_block_under_nodes, nid);
    return;
  }
  k.removeLinkPair(b, nid);
}

/**
 * register_one_node() - at boot, the node device, then the boot link of every block in the
 * node's span with MEMINIT_EARLY.
 * Kernel: include/linux/node.h register_one_node() (__register_one_node(), then
 * link_mem_sections()), v5.9; drivers/base/node.c.
 * Context: SYSTEM_SCHEDULING, from topology_init() (<= v5.17) or node_dev_init() (v5.18+,
 * 2848a28b0a60).
 * Return: nothing; link errors at boot are ignored by its callers.
 */
export function register_one_node(k: Kernel, nid: number): void {
  k.__register_one_node(nid);
  const span = k.s.nodeSpan(nid);
  if (spanEmpty(span)) return;
  link_mem_sections(k, nid, span.start, span.end, 'MEMINIT_EARLY');
}

