/**
 * mm/memory_hotplug.c, online_pages() and offline_pages(), reached from a write to
 * /sys/devices/system/memory/memoryN/state.
 *
 * Kernel: mm/memory_hotplug.c online_pages(), offline_pages(), move_pfn_range_to_zone(),
 * remove_pfn_range_from_zone(); drivers/base/memory.c memory_block_online/offline(), v6.1.
 */
import { BugKind, Fn } from './bugs.ts';
import { SubKind } from './geometry.ts';
import { EINVAL, type Kernel } from './kernel.ts';
import type { OnlineType } from './kernels/behaviour.ts';
import { resize_pgdat_range, resize_zone_range, shrinkAtOffline } from './memory_hotplug_spans.ts';
import { writeMemmap } from './sparse.ts';
import { BlockState, Memmap, N_MEMORY, NUMA_NO_NODE, SECTION_IS_ONLINE, Zone } from './state.ts';

/** Is `sub` System RAM that is present now (boot RAM, or an added DIMM)? */
export function isPresentRam(k: Kernel, sub: number): boolean {
  const kind = k.g.subKind[sub];
  return (kind === SubKind.BootRam || kind === SubKind.Dimm) && k.pfn_present(sub) && k.pfn_valid(sub);
}

/** Does node `nid` still have present (online) pages? Derived from the memmap. */
function nodeHasPresentPages(k: Kernel, nid: number): boolean {
  for (let sub = 0; sub < k.g.nrSubs; sub++) {
    if (k.s.memmap(sub) === Memmap.ONLINE && k.s.memmapNid(sub) === nid) return true;
  }
  return false;
}

/**
 * online_mem_sections() - set SECTION_IS_ONLINE on every section of [start, end).
 * Kernel: mm/sparse.c online_mem_sections(), v5.8 (2d070eab2e82, v4.13).
 * Context: mem_hotplug_lock held for write, from online_pages().
 */
function online_mem_sections(k: Kernel, start: number, end: number): void {
  for (let sec = start / k.g.subsPerSection; sec < end / k.g.subsPerSection; sec++) k.s.setSectionFlag(sec, SECTION_IS_ONLINE, true);
}

/**
 * offline_mem_sections() - clear SECTION_IS_ONLINE on every section of [start, end).
 * Kernel: mm/sparse.c offline_mem_sections(), v5.8.
 * Context: mem_hotplug_lock held for write, from offline_pages().
 */
function offline_mem_sections(k: Kernel, start: number, end: number): void {
  for (let sec = start / k.g.subsPerSection; sec < end / k.g.subsPerSection; sec++) k.s.setSectionFlag(sec, SECTION_IS_ONLINE, false);
}

/**
 * online_pages() - online block `b` into a zone chosen by the profile.
 *
 * move_pfn_range_to_zone() grows the zone and node spans and initialises the memmap with the
 * zone and nid; online_pages_range() hands the pages to the buddy allocator;
 * online_mem_sections() sets SECTION_IS_ONLINE; node_states_set_node() sets N_MEMORY.
 *
 * Kernel: mm/memory_hotplug.c online_pages(), v6.1; the nid is mem->nid since d0dc12e86b31
 * (v4.17), pfn_to_nid() before.
 * Context: device_hotplug_lock, the device lock, then mem_hotplug_lock (write).
 * Return: 0; EINVAL if the block is already online or the zone is refused.
 */
export function online_pages(k: Kernel, b: number, type: OnlineType): number {
  if (k.s.blockState(b) === BlockState.MEM_ONLINE) return EINVAL;
  const [start, end] = k.blockSubs(b);
  const nid = k.kb.memmap_at_add === 'poisoned' ? k.s.blockNid(b) : k.s.memmapNid(start);
  if (nid === NUMA_NO_NODE) {
    k.crash(BugKind.BAD_NODE_DATA, Fn.online_pages, b);
    return 0;
  }
  const zone = k.kb.zone_policy.zoneForOnline(k, b, type);
  if (zone === null) return EINVAL;
  resize_zone_range(k, nid, zone, start, end);
  resize_pgdat_range(k, nid, start, end);
  for (let sub = start; sub < end; sub++) {
    if (!isPresentRam(k, sub)) continue;
    if (!writeMemmap(k, sub, Memmap.ONLINE, nid, zone, Fn.memmap_init_zone)) return 0;
  }
  online_mem_sections(k, start, end);
  k.s.setNodeFlag(nid, N_MEMORY, true);
  k.s.setBlockState(b, BlockState.MEM_ONLINE);
  k.s.setBlockZone(b, zone);
  return 0;
}

/**
 * offline_pages() - offline block `b`.
 *
 * Refused with -EINVAL for a block that is already offline, that spans several zones or
 * nodes (mem->zone NULL; test_pages_in_a_zone() before v5.18), or that has holes
 * (walk_system_ram_range() count != nr_pages). Then offline_mem_sections(), N_MEMORY cleared
 * with the last present page, and remove_pfn_range_from_zone(): the spans shrink here since
 * v5.5, and the memmap is poisoned again where the profile says so.
 *
 * Kernel: mm/memory_hotplug.c offline_pages(), drivers/base/memory.c memory_block_offline(), v6.1.
 * Context: as online_pages().
 * Return: 0 or EINVAL.
 * Model: migration always succeeds; the EBUSY of unmovable pages is not modelled.
 */
export function offline_pages(k: Kernel, b: number): number {
  if (k.s.blockState(b) !== BlockState.MEM_ONLINE) return EINVAL;
  const zone = k.s.blockZone(b);
  if (zone === Zone.NONE) return EINVAL;
  const [start, end] = k.blockSubs(b);
  for (let sub = start; sub < end; sub++) if (!isPresentRam(k, sub)) return EINVAL;
  const nid = k.s.memmapNid(start);
  offline_mem_sections(k, start, end);
  for (let sub = start; sub < end; sub++) k.s.setMemmap(sub, Memmap.INIT_RESERVED, nid, zone);
  if (!nodeHasPresentPages(k, nid)) k.s.setNodeFlag(nid, N_MEMORY, false);
  if (k.kb.span_shrink === 'at-offline') shrinkAtOffline(k, nid, zone, start, end);
  if (k.kb.offline_poisons_memmap) for (let sub = start; sub < end; sub++) k.s.setMemmap(sub, Memmap.POISONED);
  k.s.setBlockState(b, BlockState.MEM_OFFLINE);
  k.s.setBlockZone(b, Zone.NONE);
  return 0;
}
