/**
 * mm/memory_hotplug.c: add_memory_resource(), try_remove_memory() and try_offline_node().
 *
 * Kernel: mm/memory_hotplug.c v6.1, with the per-version differences named at each function.
 */
import { BugKind, Fn } from './bugs.ts';
import { sectionOfSub, subsOfRange } from './geometry.ts';
import { EBUSY, GARBAGE, type Kernel } from './kernel.ts';
import { create_memory_block_devices, remove_memory_block_devices, dimmBlocks } from './memory.ts';
import { online_pages } from './memory_hotplug_online.ts';
import { resize_pgdat_range, resize_zone_range, __remove_zone } from './memory_hotplug_spans.ts';
import { zone_for_memory } from './memory_hotplug_zones.ts';
import { link_mem_sections } from './node.ts';
import { sparse_add_section } from './sparse.ts';
import { BlockState, Memmap, Zone, spanEmpty } from './state.ts';

/** The per-section masks of a subsection range: [section, mask][]. */
export function sectionMasks(k: Kernel, first: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  for (let sub = first; sub < end; sub++) {
    const sec = sectionOfSub(k.g, sub);
    const bit = 1 << (sub - sec * k.g.subsPerSection);
    const last = out[out.length - 1];
    if (last && last[0] === sec) last[1] |= bit;
    else out.push([sec, bit]);
  }
  return out;
}

/**
 * __add_pages() - sparse_add_section() for each section of hot-added System RAM, then the
 * memmap as the profile leaves it.
 *
 * The memmap is poisoned (v4.17+, d0dc12e86b31), holds the nid only (v4.13), or is
 * initialised with the zone chosen now, the zone and node spans grown at add (v4.10
 * __add_zone()).
 * Kernel: mm/memory_hotplug.c __add_pages(), v5.8; __add_section() and __add_zone(), v4.10.
 * Context: mem_hotplug_lock held for write, from arch_add_memory().
 * Return: 0 or the errno of sparse_add_section().
 */
function __add_pages(k: Kernel, nid: number, first: number, end: number): number {
  for (const [sec, mask] of sectionMasks(k, first, end)) {
    const ret = sparse_add_section(k, sec, mask, nid);
    if (ret !== 0) return ret;
  }
  const mode = k.kb.memmap_at_add;
  const zone = k.kb.zone_policy.zoneAtAdd ? zone_for_memory(k, nid, first) : Zone.NONE;
  if (k.kb.zone_policy.zoneAtAdd) {
    resize_zone_range(k, nid, zone, first, end);
    resize_pgdat_range(k, nid, first, end);
  }
  for (let sub = first; sub < end; sub++) {
    if (mode === 'poisoned') k.s.setMemmap(sub, Memmap.POISONED);
    else k.s.setMemmap(sub, Memmap.INIT_RESERVED, nid, zone);
  }
  return 0;
}

/**
 * add_memory_resource() - hot-add DIMM `d`: the sections and memmap, the memory block
 * devices, the node if it is new (node_set_online() and __register_one_node()), then
 * link_mem_sections(MEMINIT_HOTPLUG) and what the profile does with its error (BUG_ON(ret)
 * up to v5.9). Finally auto-online, if the platform asks for it.
 *
 * Context: device_hotplug_lock held (ACPI's acpi_memory_device_add() or the probe file);
 * mem_hotplug_begin() .. mem_hotplug_done(). In SYSTEM_SCHEDULING for an ACPI DIMM present
 * at power-on (`plugged: acpi-early`).
 * Return: 0, or an errno from the sections.
 * Kernel: mm/memory_hotplug.c add_memory_resource(), v5.8 (BUG_ON(ret)), v5.10, v6.1.
 * Model: the new node is registered before linking, as in v4.17+ (fc44f7f9231a) for every profile.
 */
export function add_memory_resource(k: Kernel, d: number): number {
  const dimm = k.g.layout.dimms[d]!;
  const nid = dimm.node;
  const [first, end] = subsOfRange(k.g, dimm);
  const newNode = !k.s.nodeOnline(nid);
  const ret = __add_pages(k, nid, first, end);
  if (ret !== 0) return ret;
  create_memory_block_devices(k, first, end);
  if (newNode) {
    k.node_set_online(nid);
    k.__register_one_node(nid);
  }
  k.s.setDimmAdded(d, true);
  const link = link_mem_sections(k, nid, first, end, 'MEMINIT_HOTPLUG');
  if (k.crashed) return 0;
  if (link !== 0 && k.kb.link_failure === 'bug-on') {
    k.crash(BugKind.BUG_ON, Fn.add_memory_resource, Math.floor(first / k.g.subsPerBlock));
    return 0;
  }
  return 0;
}

/**
 * The auto-online step at the end of add_memory_resource() (memhp_default_state):
 * online_memory_block() -> device_online() on each block, errors ignored.
 * Kernel: mm/memory_hotplug.c add_memory_resource(), walk_memory_blocks(...,
 * online_memory_block), v5.8.
 * Model: online_pages() with the platform's online type, straight away, in the same step.
 */
export function autoOnline(k: Kernel, d: number): void {
  const mode = k.g.layout.platform.autoOnline;
  if (mode === 'offline') return;
  for (const b of dimmBlocks(k, d)) {
    online_pages(k, b, mode);
    if (k.crashed) return;
  }
}

/**
 * try_remove_memory() - remove DIMM `d`, whose blocks must all be offline.
 *
 * remove_memory_block_devices() (before mem_hotplug_begin() since f1037ec0cc8a, v5.6), then
 * arch_remove_memory(): up to v5.4 it looks up page_zone() of the first pfn and shrinks the
 * zone and node spans there (__remove_zone()); then section_deactivate() per section; then
 * try_offline_node().
 *
 * Context: device_hotplug_lock (remove_memory() takes it; __remove_memory() callers hold it).
 * Return: 0, or EBUSY when a block is still online.
 * Kernel: mm/memory_hotplug.c try_remove_memory(), v6.1; arch/x86/mm/init_64.c
 * arch_remove_memory(), v5.4.
 * Model: the nid is the DIMM's node (the caller's, as for v5.3's remove_memory(nid, ...)).
 */
export function try_remove_memory(k: Kernel, d: number): number {
  const dimm = k.g.layout.dimms[d]!;
  const nid = dimm.node;
  const [first, end] = subsOfRange(k.g, dimm);
  if (dimmBlocks(k, d).some((b) => k.s.blockState(b) === BlockState.MEM_ONLINE)) return EBUSY;
  remove_memory_block_devices(k, first, end);
  if (k.crashed) return 0;
  if (k.kb.span_shrink === 'at-remove') {
    const zone = k.page_zone(first, Fn.arch_remove_memory);
    if (k.crashed) return 0;
    if (zone !== GARBAGE && zone !== Zone.NONE) __remove_zone(k, nid, zone, first, end);
    if (k.crashed) return 0;
  }
  for (const [sec, mask] of sectionMasks(k, first, end)) k.kb.section_deactivate(k, sec, mask);
  k.s.setDimmAdded(d, false);
  k.kb.try_offline_node(k, nid);
  return 0;
}

/** The end of try_offline_node(): node_set_offline(), then unregister_one_node(). */
function offlineNode(k: Kernel, nid: number): void {
  k.node_set_offline(nid);
  k.unregister_one_node(nid);
}

/**
 * try_offline_node__walk_span() - offline the node unless a present section of its span
 * still has pfn_to_nid() == nid, or it has a CPU.
 *
 * The span only covers memory that was onlined, and pfn_to_nid() reads poisoned memmaps
 * (seed 001).
 * Kernel: mm/memory_hotplug.c try_offline_node(), v5.3 (before 2c91f8fc6c99).
 * Context: device_hotplug_lock held, from try_remove_memory().
 * Return: nothing.
 */
export function try_offline_node__walk_span(k: Kernel, nid: number): void {
  const span = k.s.nodeSpan(nid);
  for (let sub = span.start; sub < span.end; sub += k.g.subsPerSection) {
    if (!k.pfn_present(sub)) continue;
    const pageNid = k.pfn_to_nid(sub, Fn.try_offline_node);
    if (k.crashed || pageNid === nid) return;
  }
  if (k.g.nodeHasCpus[nid]) return;
  offlineNode(k, nid);
}

/**
 * try_offline_node__span_and_blocks() - keep the node while it spans pages, while any
 * memory block has mem->nid == nid, or while it has a CPU; else offline it.
 * Kernel: mm/memory_hotplug.c try_offline_node(), v5.4 / v6.1 (2c91f8fc6c99,
 * "mm/memory_hotplug: fix try_offline_node()").
 * Context: device_hotplug_lock held, from try_remove_memory().
 * Return: nothing.
 */
export function try_offline_node__span_and_blocks(k: Kernel, nid: number): void {
  if (!spanEmpty(k.s.nodeSpan(nid))) return;
  for (let b = 0; b < k.g.nrBlocks; b++) {
    if (k.s.blockExists(b) && k.s.blockNid(b) === nid) return;
  }
  if (k.g.nodeHasCpus[nid]) return;
  offlineNode(k, nid);
}
