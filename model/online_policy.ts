/**
 * mm/memory_hotplug.c, the "auto-movable" online policy: where a plain "online" (and
 * auto-onlining with memhp_default_state=online) puts a block when
 * `memory_hotplug.online_policy=auto-movable`.
 *
 * The policy onlines to ZONE_MOVABLE as long as MOVABLE memory stays within
 * `auto_movable_ratio` percent of the early (boot) kernel memory, globally and, with
 * `auto_movable_numa_aware`, on the block's node; otherwise to the kernel zone. A memory group
 * is decided as a whole: once a static group has kernel memory, the rest of it goes to the
 * kernel zone too, and a static group goes MOVABLE only if all of its remaining memory could.
 *
 * Model: page counts are whole subsections (the layout's unit), counted in 4K pages as the
 * kernel counts them; zone->present_early_pages is the online boot memory in ZONE_NORMAL; CMA
 * is not modelled. The kernel zone is ZONE_NORMAL (default_kernel_zone_for_pfn()).
 *
 * Kernel: mm/memory_hotplug.c auto_movable_zone_for_pfn(), auto_movable_can_online_movable(),
 * auto_movable_stats_account_zone(), auto_movable_stats_account_group(), v6.12; e83a437faa62
 * (v5.15), "mm/memory_hotplug: memory group aware "auto-movable" online policy" and
 * "mm/memory_hotplug: improved dynamic memory group aware "auto-movable" online policy" (v5.15,
 * https://lore.kernel.org/r/20210806124715.17090-10-david@redhat.com).
 */
import type { Kernel } from './kernel.ts';
import { dynamicGroups, groupPresentPages, pagesPerSub, blockGroup, type MemoryGroup } from './memory_group.ts';
import { Memmap, SECTION_IS_EARLY, Zone } from './state.ts';
import { sectionOfSub } from './geometry.ts';

/** NUMA_NO_NODE as the policy's "every node". */
const ANY_NODE = -1;

interface ZoneStats { kernelEarly: number; movable: number }

/**
 * auto_movable_stats_account_zone() over the populated zones of `nid` (or of every node):
 * MOVABLE present pages, and early present pages of the kernel zones.
 */
function zoneStats(k: Kernel, nid: number): ZoneStats {
  let kernelEarly = 0;
  let movable = 0;
  for (let sub = 0; sub < k.g.nrSubs; sub++) {
    if (k.s.memmap(sub) !== Memmap.ONLINE) continue;
    if (nid !== ANY_NODE && k.s.memmapNid(sub) !== nid) continue;
    const zone = k.s.memmapZone(sub);
    if (zone === Zone.MOVABLE) movable++;
    else if (zone === Zone.NORMAL && k.s.sectionHas(sectionOfSub(k.g, sub), SECTION_IS_EARLY)) kernelEarly++;
  }
  return { kernelEarly: kernelEarly * pagesPerSub(k), movable: movable * pagesPerSub(k) };
}

/**
 * auto_movable_stats_account_group() over the dynamic groups of `nid` but `excluded`: the
 * early kernel pages their MOVABLE memory requires under the ratio, and that MOVABLE memory.
 */
function dynamicGroupStats(k: Kernel, nid: number, excluded: MemoryGroup | null): { reqKernelEarly: number; movable: number } {
  const ratio = k.g.layout.platform.autoMovableRatio;
  let reqKernelEarly = 0;
  let movable = 0;
  if (ratio === 0) return { reqKernelEarly, movable };
  for (const g of dynamicGroups(k, nid)) {
    if (g === excluded) continue;
    const p = groupPresentPages(k, g);
    const pages = Math.floor((p.movable * 100) / ratio) - p.kernel;
    if (pages > 0) reqKernelEarly += pages;
    movable += p.movable;
  }
  return { reqKernelEarly, movable };
}

/**
 * auto_movable_can_online_movable() - could `nrPages` more go MOVABLE and the MOVABLE:kernel
 * ratio still hold, on `nid` (or globally for ANY_NODE)?
 * Context: mem_hotplug_lock held (write), as in online_pages().
 * Return: true if the ratio holds.
 * Kernel: mm/memory_hotplug.c auto_movable_can_online_movable(), v6.12.
 */
export function auto_movable_can_online_movable(k: Kernel, nid: number, group: MemoryGroup | null, nrPages: number): boolean {
  const stats = zoneStats(k, nid);
  const groupStats = dynamicGroupStats(k, nid, group);
  if (stats.kernelEarly <= groupStats.reqKernelEarly) return false;
  let kernelEarly = stats.kernelEarly - groupStats.reqKernelEarly;
  let movable = stats.movable - groupStats.movable;
  if (group !== null && group.isDynamic) kernelEarly += groupPresentPages(k, group).kernel;
  movable += nrPages;
  return movable <= Math.floor((k.g.layout.platform.autoMovableRatio * kernelEarly) / 100);
}

/**
 * The pages of the block's group still to be onlined if all goes MOVABLE, or null when the
 * group already has kernel memory online ("if anything is !MOVABLE online the rest !MOVABLE").
 */
function remainingPages(k: Kernel, b: number, group: MemoryGroup | null): number | null {
  const nrPages = k.g.subsPerBlock * pagesPerSub(k);
  if (group !== null && !group.isDynamic) {
    const p = groupPresentPages(k, group);
    return p.kernel > 0 ? null : group.maxPages - p.movable;
  }
  if (group === null || group.unitPages === nrPages) return nrPages;
  const unitSubs = group.unitPages / pagesPerSub(k);
  const first = Math.floor(k.blockSubs(b)[0] / unitSubs) * unitSubs;
  let online = 0;
  for (let sub = first; sub < first + unitSubs; sub++) {
    if (k.s.memmap(sub) !== Memmap.ONLINE) continue;
    if (k.s.memmapZone(sub) !== Zone.MOVABLE) return null;
    online += pagesPerSub(k);
  }
  return group.unitPages - online;
}

/**
 * auto_movable_zone_for_pfn() - the zone "online" picks for block `b` of node `nid` under
 * the auto-movable policy.
 * Context: the device lock of the block; mem_hotplug_lock is not needed to read the stats.
 * Return: ZONE_MOVABLE if the ratio allows it, else the kernel zone.
 * Kernel: mm/memory_hotplug.c auto_movable_zone_for_pfn(), v6.12.
 */
export function auto_movable_zone_for_pfn(k: Kernel, nid: number, b: number): Zone {
  const p = k.g.layout.platform;
  if (p.autoMovableRatio === 0) return Zone.NORMAL;
  const group = blockGroup(k, b);
  const nrPages = remainingPages(k, b, group);
  if (nrPages === null) return Zone.NORMAL;
  if (!auto_movable_can_online_movable(k, ANY_NODE, group, nrPages)) return Zone.NORMAL;
  if (p.autoMovableNumaAware && !auto_movable_can_online_movable(k, nid, group, nrPages)) return Zone.NORMAL;
  return Zone.MOVABLE;
}
