/**
 * mm/memory_hotplug.c, zone and node spans: how they grow at online (or add, before v4.13)
 * and shrink at offline (v5.5+) or remove (up to v5.4).
 *
 * Kernel: mm/memory_hotplug.c resize_zone_range(), resize_pgdat_range(), shrink_zone_span(),
 * update_pgdat_span() (v6.1); shrink_zone_span(), shrink_pgdat_span() (v5.4).
 */
import { Fn } from './bugs.ts';
import { GARBAGE, type Kernel } from './kernel.ts';
import { SECTION_IS_ONLINE, Zone, spanEmpty, type Span } from './state.ts';

const hull = (a: Span, start: number, end: number): Span =>
  spanEmpty(a) ? { start, end } : { start: Math.min(a.start, start), end: Math.max(a.end, end) };

/**
 * resize_zone_range() - grow the zone span to cover [start, end).
 * Kernel: mm/memory_hotplug.c resize_zone_range(), v6.1.
 * Context: mem_hotplug_lock held for write; the kernel also takes zone_span_writelock().
 */
export function resize_zone_range(k: Kernel, nid: number, zone: Zone, start: number, end: number): void {
  k.s.setZoneSpan(nid, zone, hull(k.s.zoneSpan(nid, zone), start, end));
}

/**
 * resize_pgdat_range() - grow the node span to cover [start, end).
 * Kernel: mm/memory_hotplug.c resize_pgdat_range(), v6.1.
 * Context: mem_hotplug_lock held for write (pgdat_resize_lock() before v5.x).
 */
export function resize_pgdat_range(k: Kernel, nid: number, start: number, end: number): void {
  k.s.setNodeSpan(nid, hull(k.s.nodeSpan(nid), start, end));
}

/** A pfn "belongs" to (nid, zone) for span shrinking; zone null matches any zone (pgdat). */
type Belongs = (k: Kernel, sub: number, nid: number, zone: Zone | null) => boolean;

/**
 * v5.5+: pfn_to_online_page(), then pfn_to_nid() and page_zone(). Only online memory is
 * looked at, so its memmap is initialised.
 */
const belongsOnline: Belongs = (k, sub, nid, zone) => {
  const sec = Math.floor(sub / k.g.subsPerSection);
  if (!k.s.sectionHas(sec, SECTION_IS_ONLINE) || !k.pfn_valid(sub)) return false;
  return k.s.memmapNid(sub) === nid && (zone === null || k.s.memmapZone(sub) === zone);
};

/**
 * Up to v5.4: valid_section(), then pfn_to_nid() and page_zone() on whatever memmap is
 * there, including the poisoned memmap of memory that was never onlined.
 */
const belongsValid: Belongs = (k, sub, nid, zone) => {
  if (!k.pfn_valid(sub)) return false;
  const pageNid = k.pfn_to_nid(sub, Fn.shrink_zone_span);
  if (pageNid === GARBAGE || pageNid !== nid) return false;
  return zone === null || k.s.memmapZone(sub) === zone;
};

/**
 * find_smallest_section_pfn() - the first pfn of [from, to) that still belongs.
 * Kernel: mm/memory_hotplug.c find_smallest_section_pfn(), v5.4 / v6.1.
 * Context: mem_hotplug_lock held for write, from shrink_zone_span().
 * Return: the pfn, or -1.
 * Model: steps one subsection at a time, as v5.3+ does (PAGES_PER_SUBSECTION).
 */
function find_smallest_section_pfn(k: Kernel, belongs: Belongs, nid: number, zone: Zone | null, from: number, to: number): number {
  for (let sub = from; sub < to && !k.crashed; sub++) if (belongs(k, sub, nid, zone)) return sub;
  return -1;
}

/**
 * find_biggest_section_pfn() - the last pfn of [from, to) that still belongs.
 * Kernel: mm/memory_hotplug.c find_biggest_section_pfn(), v5.4 / v6.1.
 * Context: mem_hotplug_lock held for write, from shrink_zone_span().
 * Return: the pfn, or -1.
 */
function find_biggest_section_pfn(k: Kernel, belongs: Belongs, nid: number, zone: Zone | null, from: number, to: number): number {
  for (let sub = to - 1; sub >= from && !k.crashed; sub--) if (belongs(k, sub, nid, zone)) return sub;
  return -1;
}

/**
 * shrink_zone_span() core: the span changes only if [start, end) is at its start or end; the
 * new edge is the next pfn that still belongs, else the span becomes empty.
 * Model: "not found" is -1; the kernel uses pfn 0, which never holds hot-plugged memory.
 */
function shrinkSpan(k: Kernel, span: Span, belongs: Belongs, nid: number, zone: Zone | null, start: number, end: number): Span {
  if (spanEmpty(span)) return span;
  if (span.start === start) {
    const pfn = find_smallest_section_pfn(k, belongs, nid, zone, end, span.end);
    return pfn < 0 ? { start: 0, end: 0 } : { start: pfn, end: span.end };
  }
  if (span.end === end) {
    const pfn = find_biggest_section_pfn(k, belongs, nid, zone, span.start, start);
    return pfn < 0 ? { start: 0, end: 0 } : { start: span.start, end: pfn + 1 };
  }
  return span;
}

/**
 * update_pgdat_span() - the node span becomes the hull of its non-empty zones.
 * Kernel: mm/memory_hotplug.c update_pgdat_span(), v6.1.
 * Context: mem_hotplug_lock held for write.
 */
export function update_pgdat_span(k: Kernel, nid: number): void {
  let span: Span = { start: 0, end: 0 };
  for (const z of [Zone.NORMAL, Zone.MOVABLE, Zone.DEVICE]) {
    const zs = k.s.zoneSpan(nid, z);
    if (!spanEmpty(zs)) span = hull(span, zs.start, zs.end);
  }
  k.s.setNodeSpan(nid, span);
}

/**
 * Shrink at offline (v5.5+, feee6b298916): shrink_zone_span() over online memory, then
 * update_pgdat_span(). The offlined range is no longer online when this runs.
 * Kernel: mm/memory_hotplug.c remove_pfn_range_from_zone(), v6.1 (its span half; the
 * memmap poisoning of d33695b16a9f is in offline_pages()).
 * Context: mem_hotplug_lock held for write, from offline_pages().
 */
export function shrinkAtOffline(k: Kernel, nid: number, zone: Zone, start: number, end: number): void {
  k.s.setZoneSpan(nid, zone, shrinkSpan(k, k.s.zoneSpan(nid, zone), belongsOnline, nid, zone, start, end));
  update_pgdat_span(k, nid);
}

/**
 * __remove_zone() - at remove time, shrink_zone_span() and shrink_pgdat_span() over every
 * valid section, reading memmaps that may be poisoned.
 * Kernel: mm/memory_hotplug.c __remove_zone(), shrink_zone_span(), shrink_pgdat_span(),
 * v5.3 (gone with feee6b298916, v5.5).
 * Context: mem_hotplug_lock held for write, from __remove_pages(); the kernel also takes
 * pgdat_resize_lock().
 * Return: nothing; a bad read or crash is recorded in the state.
 * Divergence: v5.4's __remove_zone() already calls update_pgdat_span() instead of
 * shrink_pgdat_span() (shrink_pgdat_span() is gone in v5.4), so it does not read the memmap
 * for the node span; the model shrinks the node span as v5.3 does for every `at-remove`
 * profile.
 */
export function __remove_zone(k: Kernel, nid: number, zone: Zone, start: number, end: number): void {
  const outside: Belongs = (kk, sub, n, z) => (sub < start || sub >= end) && belongsValid(kk, sub, n, z);
  k.s.setZoneSpan(nid, zone, shrinkSpan(k, k.s.zoneSpan(nid, zone), outside, nid, zone, start, end));
  if (k.crashed) return;
  k.s.setNodeSpan(nid, shrinkSpan(k, k.s.nodeSpan(nid), outside, nid, null, start, end));
}
