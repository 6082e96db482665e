/**
 * mm/memory_hotplug.c, zone choice: which zone an offline block may be onlined to, and what
 * `valid_zones` shows, in the three designs the kernel has had.
 *
 * These functions only read the state (valid_zones is also evaluated by properties), except
 * v4.10's zone_for_pfn_range__zone_can_shift(), which moves the zone boundary as
 * move_pfn_range_left/right() did.
 *
 * Variants are named `<function>__<what differs>`: the v6.1 function the behaviour point
 * stands for, then the mechanism of the older design; `Kernel:` names the function and
 * release it follows.
 */
import type { Kernel } from './kernel.ts';
import type { OnlineType, ZonePolicy } from './kernels/behaviour.ts';
import { NUMA_NO_NODE, Zone, spanEmpty, type Span } from './state.ts';

const intersects = (z: Span, start: number, end: number): boolean => !spanEmpty(z) && start < z.end && end > z.start;

function blockRange(k: Kernel, b: number): [number, number] {
  return k.blockSubs(b);
}

/** The nid v4.13's zone code uses: pfn_to_nid() of the block's first pfn (set at add since f1dd2cd13c4b). */
function pfnNid(k: Kernel, b: number): number {
  return k.s.memmapNid(blockRange(k, b)[0]);
}

// --- v4.14+ (c6f03e2903c9) / v5.x / v6.1: any block may go to either zone -------------------------------------

/**
 * default_zone_for_pfn() - inherit the one zone the range intersects; otherwise ZONE_MOVABLE
 * with `movable_node`, else the kernel zone.
 * Kernel: mm/memory_hotplug.c default_zone_for_pfn(), v6.1 (c6f03e2903c9, v4.14).
 * Context: mem_hotplug_lock held (online), or none (reading valid_zones).
 * Return: the zone.
 */
function default_zone_for_pfn(k: Kernel, nid: number, start: number, end: number): Zone {
  const inKernel = intersects(k.s.zoneSpan(nid, Zone.NORMAL), start, end);
  const inMovable = intersects(k.s.zoneSpan(nid, Zone.MOVABLE), start, end);
  if (inKernel !== inMovable) return inKernel ? Zone.NORMAL : Zone.MOVABLE;
  return k.g.layout.platform.movableNode ? Zone.MOVABLE : Zone.NORMAL;
}

/**
 * zone_for_pfn_range() - the zone an offline block goes to for `type`.
 * Kernel: mm/memory_hotplug.c zone_for_pfn_range(), v6.1 (default online policy
 * "contig-zones"; c6f03e2903c9, v4.14).
 * Context: mem_hotplug_lock held (online), or none (reading valid_zones).
 * Return: the zone; never refuses.
 * Model: ZONE_NORMAL is the only kernel zone, so default_kernel_zone_for_pfn() is
 * ZONE_NORMAL; a block with mem->nid NUMA_NO_NODE gets ZONE_NORMAL.
 */
function zone_for_pfn_range(k: Kernel, b: number, type: OnlineType): Zone | null {
  const nid = k.s.blockNid(b);
  if (type === 'online_kernel') return Zone.NORMAL;
  if (type === 'online_movable') return Zone.MOVABLE;
  if (nid === NUMA_NO_NODE) return Zone.NORMAL;
  const [start, end] = blockRange(k, b);
  return default_zone_for_pfn(k, nid, start, end);
}

/**
 * show_valid_zones__any_zone() - the zones of an offline block: the default one first, then
 * the others; any block may go to either zone.
 * Kernel: drivers/base/memory.c show_valid_zones() / print_allowed_zone(), v6.1
 * (c6f03e2903c9 and e5e689302633, v4.14).
 * Context: none; a read of memoryN/valid_zones.
 * Return: the zones; none for a block with mem->nid NUMA_NO_NODE.
 */
function show_valid_zones__any_zone(k: Kernel, b: number): Zone[] {
  if (k.s.blockNid(b) === NUMA_NO_NODE) return [];
  const first = zone_for_pfn_range(k, b, 'online')!;
  return [first, ...[Zone.NORMAL, Zone.MOVABLE].filter((z) => z !== first)];
}

export const zoneForPfnRangePolicy: ZonePolicy = {
  name: 'zone_for_pfn_range',
  zoneAtAdd: false,
  zoneForOnline: zone_for_pfn_range,
  validZones: show_valid_zones__any_zone,
};

// --- v4.13: f1dd2cd13c4b, ZONE_NORMAL must lie below ZONE_MOVABLE ------------------------------

/**
 * allow_online_pfn_range() - KERNEL iff the movable zone is empty or starts at or above the
 * end of the range; MOVABLE iff ZONE_NORMAL ends at or below its start; KEEP always.
 * Kernel: mm/memory_hotplug.c allow_online_pfn_range(), v4.13 only (f1dd2cd13c4b; gone
 * with c6f03e2903c9, v4.14).
 * Context: mem_hotplug_lock held (online), or none (reading valid_zones).
 * Return: whether onlining the range as `type` is allowed.
 */
function allow_online_pfn_range(k: Kernel, nid: number, start: number, end: number, type: OnlineType): boolean {
  if (type === 'online_kernel') {
    const movable = k.s.zoneSpan(nid, Zone.MOVABLE);
    return spanEmpty(movable) || movable.start >= end;
  }
  if (type === 'online_movable') return k.s.zoneSpan(nid, Zone.NORMAL).end <= start;
  return true;
}

/**
 * The MMOP_ONLINE_KEEP branch of v4.13's move_pfn_range(): the kernel zone unless that is
 * refused, or `movable_node` and the range is outside ZONE_NORMAL.
 * Kernel: mm/memory_hotplug.c move_pfn_range(), v4.13.
 */
function onlineKeepZone(k: Kernel, nid: number, start: number, end: number): Zone {
  if (!allow_online_pfn_range(k, nid, start, end, 'online_kernel')) return Zone.MOVABLE;
  if (k.g.layout.platform.movableNode && !intersects(k.s.zoneSpan(nid, Zone.NORMAL), start, end)) return Zone.MOVABLE;
  return Zone.NORMAL;
}

/**
 * zone_for_pfn_range__allow_online_pfn_range() - the zone an offline block goes to, as
 * v4.13's online_pages() chooses it: refused unless allow_online_pfn_range(), then
 * move_pfn_range().
 * Kernel: mm/memory_hotplug.c online_pages(), move_pfn_range(), v4.13 (f1dd2cd13c4b).
 * Context: mem_hotplug_lock held for write.
 * Return: the zone, or null (-EINVAL) when allow_online_pfn_range() refuses.
 * Model: the nid is pfn_to_nid() of the block's first pfn, set at add since f1dd2cd13c4b.
 */
function zone_for_pfn_range__allow_online_pfn_range(k: Kernel, b: number, type: OnlineType): Zone | null {
  const nid = pfnNid(k, b);
  const [start, end] = blockRange(k, b);
  if (!allow_online_pfn_range(k, nid, start, end, type)) return null;
  if (type === 'online_kernel') return Zone.NORMAL;
  if (type === 'online_movable') return Zone.MOVABLE;
  return onlineKeepZone(k, nid, start, end);
}

/**
 * show_valid_zones__allow_online_pfn_range() - the kernel zone if ONLINE_KERNEL is allowed,
 * then Movable if ONLINE_MOVABLE is (the default-first order of e5e689302633 came in v4.14).
 * Kernel: drivers/base/memory.c show_valid_zones(), v4.13.
 * Context: none; a read of memoryN/valid_zones.
 * Return: the zones allow_online_pfn_range() allows.
 */
function show_valid_zones__allow_online_pfn_range(k: Kernel, b: number): Zone[] {
  const nid = pfnNid(k, b);
  const [start, end] = blockRange(k, b);
  const zones: Zone[] = [];
  if (allow_online_pfn_range(k, nid, start, end, 'online_kernel')) zones.push(Zone.NORMAL);
  if (allow_online_pfn_range(k, nid, start, end, 'online_movable')) zones.push(Zone.MOVABLE);
  return zones;
}

export const allowOnlinePfnRangePolicy: ZonePolicy = {
  name: 'allow_online_pfn_range',
  zoneAtAdd: false,
  zoneForOnline: zone_for_pfn_range__allow_online_pfn_range,
  validZones: show_valid_zones__allow_online_pfn_range,
};

// --- v4.10: the zone is chosen at add time and can only shift at a zone edge -----------------

/**
 * zone_can_shift() - a block may move from its zone to the adjacent one only at the edge:
 * up (Normal to Movable) if it ends the current zone, down if it starts it.
 * Kernel: mm/memory_hotplug.c zone_can_shift(), v4.8 .. v4.10 (gone with f1dd2cd13c4b).
 * Context: mem_hotplug_lock held (online), or none (reading valid_zones).
 * Return: whether the block may go to `target`.
 */
function zone_can_shift(k: Kernel, b: number, target: Zone): boolean {
  const [start, end] = blockRange(k, b);
  const cur = k.s.memmapZone(start);
  const nid = k.s.memmapNid(start);
  if (cur === target) return true;
  const span = k.s.zoneSpan(nid, cur);
  return cur < target ? end === span.end : start === span.start;
}

/**
 * move_pfn_range() - move the block from its zone to the neighbour `target`, resizing both
 * (move_pfn_range_left() or move_pfn_range_right()); fix_zone_id() re-links the pages.
 * Kernel: mm/memory_hotplug.c move_pfn_range(zone_shift, start_pfn, end_pfn), v4.10.
 * Context: mem_hotplug_lock held for write, from online_pages().
 */
function move_pfn_range(k: Kernel, b: number, target: Zone): void {
  const [start, end] = blockRange(k, b);
  const nid = k.s.memmapNid(start);
  const normal = k.s.zoneSpan(nid, Zone.NORMAL);
  const movable = k.s.zoneSpan(nid, Zone.MOVABLE);
  if (target === Zone.MOVABLE) {
    k.s.setZoneSpan(nid, Zone.NORMAL, { start: normal.start, end: start });
    k.s.setZoneSpan(nid, Zone.MOVABLE, { start, end: spanEmpty(movable) ? end : movable.end });
  } else {
    k.s.setZoneSpan(nid, Zone.NORMAL, { start: spanEmpty(normal) ? start : normal.start, end });
    k.s.setZoneSpan(nid, Zone.MOVABLE, { start: end, end: movable.end });
  }
  for (let sub = start; sub < end; sub++) k.s.setMemmap(sub, k.s.memmap(sub), nid, target);
}

/**
 * zone_for_pfn_range__zone_can_shift() - the zone an offline block goes to, as v4.10's
 * online_pages() chooses it: its add-time zone for `online`; for online_kernel and
 * online_movable the neighbour zone if zone_can_shift(), moving the block there.
 * Kernel: mm/memory_hotplug.c online_pages(), zone_can_shift(), move_pfn_range(), v4.10.
 * Context: mem_hotplug_lock held for write.
 * Return: the zone, or null (-EINVAL) when the block cannot shift.
 */
function zone_for_pfn_range__zone_can_shift(k: Kernel, b: number, type: OnlineType): Zone | null {
  const cur = k.s.memmapZone(blockRange(k, b)[0]);
  if (type === 'online') return cur;
  const target = type === 'online_kernel' ? Zone.NORMAL : Zone.MOVABLE;
  if (!zone_can_shift(k, b, target)) return null;
  if (target !== cur) move_pfn_range(k, b, target);
  return target;
}

/**
 * show_valid_zones__zone_can_shift() - the block's zone, then the neighbour if
 * zone_can_shift() allows it.
 * Kernel: drivers/base/memory.c show_valid_zones(), v4.10.
 * Context: none; a read of memoryN/valid_zones.
 * Return: one or two zones.
 */
function show_valid_zones__zone_can_shift(k: Kernel, b: number): Zone[] {
  const cur = k.s.memmapZone(blockRange(k, b)[0]);
  const other = cur === Zone.NORMAL ? Zone.MOVABLE : Zone.NORMAL;
  return zone_can_shift(k, b, other) ? [cur, other] : [cur];
}

/**
 * zone_for_memory() - the zone of hot-added memory in v4.10: ZONE_MOVABLE if the node's
 * movable zone is populated and the range starts inside or above it, else ZONE_NORMAL.
 * Kernel: mm/memory_hotplug.c zone_for_memory(), v4.4 .. v4.10 (gone with f1dd2cd13c4b).
 * Context: mem_hotplug_lock held for write, from arch_add_memory().
 * Return: the zone.
 * Model: zone_default is ZONE_NORMAL and for_device is false (System RAM).
 */
export function zone_for_memory(k: Kernel, nid: number, start: number): Zone {
  const movable = k.s.zoneSpan(nid, Zone.MOVABLE);
  return !spanEmpty(movable) && start >= movable.start ? Zone.MOVABLE : Zone.NORMAL;
}

export const zoneAtAddPolicy: ZonePolicy = {
  name: 'zone_can_shift',
  zoneAtAdd: true,
  zoneForOnline: zone_for_pfn_range__zone_can_shift,
  validZones: show_valid_zones__zone_can_shift,
};
