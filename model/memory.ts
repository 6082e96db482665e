/**
 * drivers/base/memory.c: memory block devices, /sys/devices/system/memory/memoryN, and the
 * `state` and `valid_zones` attributes.
 *
 * Kernel: drivers/base/memory.c v6.1 (memory_dev_init(), add_boot_memory_block(),
 * create_memory_block_devices(), remove_memory_block_devices(), state_store(),
 * show_valid_zones()).
 */
import type { Kernel } from './kernel.ts';
import { isBootRam, subAddr, type Geometry } from './geometry.ts';
import { BlockState, SECTION_MARKED_PRESENT, ZONE_NAMES, Zone } from './state.ts';

/** Memory blocks [first, last] covered by the subsection range [start, end). */
function blocksOf(g: Geometry, start: number, end: number): number[] {
  const out: number[] = [];
  for (let b = Math.floor(start / g.subsPerBlock); b * g.subsPerBlock < end; b++) out.push(b);
  return out;
}

/** The memory blocks of DIMM `d`. */
export function dimmBlocksOf(g: Geometry, d: number): number[] {
  const dimm = g.layout.dimms[d]!;
  const size = g.layout.geometry.subsectionSize;
  return blocksOf(g, dimm.start / size, dimm.end / size);
}

export const dimmBlocks = (k: Kernel, d: number): number[] => dimmBlocksOf(k.g, d);

/** Node ids of the boot RAM in block `b`. */
function bootNodesOf(k: Kernel, b: number): Set<number> {
  const nodes = new Set<number>();
  const [first, end] = k.blockSubs(b);
  for (let sub = first; sub < end; sub++) if (isBootRam(k.g, sub)) nodes.add(k.g.subNode[sub]!);
  return nodes;
}

/**
 * Does the boot RAM of block `b` lie on both sides of MAX_DMA_PFN (platform.dmaZoneEnd), i.e.
 * in ZONE_DMA and in the zone above it?
 */
function spansDmaBoundary(k: Kernel, b: number): boolean {
  const end = k.g.layout.platform.dmaZoneEnd;
  if (end === 0) return false;
  let below = false;
  let above = false;
  const [first, last] = k.blockSubs(b);
  for (let sub = first; sub < last; sub++) {
    if (!isBootRam(k.g, sub)) continue;
    if (subAddr(k.g, sub) < end) below = true;
    else above = true;
  }
  return below && above;
}

/**
 * memory_dev_init() - add_boot_memory_block() for every block with a present section. Boot
 * blocks are MEM_ONLINE with mem->nid = NUMA_NO_NODE until node registration links them.
 *
 * Context: SYSTEM_SCHEDULING, driver_init().
 * Kernel: drivers/base/memory.c memory_dev_init(), add_boot_memory_block(), v6.1.
 * Model: mem->zone is ZONE_NORMAL for a block whose boot memory is on one node and in one
 * zone, and NULL for a block spanning nodes or zones, which can never be offlined (v6.1
 * memory_block_add_nid() -> early_node_zone_for_memory_block(), 395f6081bad4, v5.18: NULL when
 * more than one zone of the node intersects the block, as memory0 does with ZONE_DMA and
 * ZONE_DMA32 on x86_64; test_pages_in_a_zone() before v5.18).
 */
export function memory_dev_init(k: Kernel): void {
  for (let b = 0; b < k.g.nrBlocks; b++) {
    let present = false;
    for (let i = 0; i < k.g.sectionsPerBlock; i++) {
      present ||= k.s.sectionHas(b * k.g.sectionsPerBlock + i, SECTION_MARKED_PRESENT);
    }
    if (!present) continue;
    k.registerBlockDevice(b, BlockState.MEM_ONLINE);
    k.s.setBlockZone(b, bootNodesOf(k, b).size === 1 && !spansDmaBoundary(k, b) ? Zone.NORMAL : Zone.NONE);
  }
}

/**
 * create_memory_block_devices() - an offline memoryN device for each block of a hot-added
 * range.
 * Kernel: drivers/base/memory.c create_memory_block_devices(), v6.1 (4c4b7f9ba948, v5.3).
 * Context: device_hotplug_lock and mem_hotplug_lock held, from add_memory_resource().
 * Model: device creation cannot fail (-ENOMEM is not modelled).
 */
export function create_memory_block_devices(k: Kernel, start: number, end: number): void {
  for (const b of blocksOf(k.g, start, end)) k.registerBlockDevice(b, BlockState.MEM_OFFLINE);
}

/**
 * remove_memory_block_devices() - for each block, unregister_memory_block_under_nodes() and
 * then device_unregister().
 * Kernel: drivers/base/memory.c remove_memory_block_devices(), v6.1 (4c4b7f9ba948, v5.3).
 * Context: device_hotplug_lock held, from try_remove_memory() (before mem_hotplug_begin()
 * since f1037ec0cc8a, v5.6).
 * Return: nothing; stops at a crash.
 */
export function remove_memory_block_devices(k: Kernel, start: number, end: number): void {
  for (const b of blocksOf(k.g, start, end)) {
    k.kb.unregister_memory_block_under_nodes(k, b);
    if (k.crashed) return;
    k.unregisterBlockDevice(b);
  }
}

/**
 * show_valid_zones() - what `cat memoryN/valid_zones` prints, as zones: the block's zone when
 * online ("none" for a block spanning zones or nodes), else the zones the profile allows,
 * the default first.
 * Kernel: drivers/base/memory.c show_valid_zones(), v6.1 and v4.10.
 * Context: none; a sysfs read (device_lock in the kernel).
 * Return: the zones; none for an absent block.
 */
export function show_valid_zones(k: Kernel, b: number): Zone[] {
  const state = k.s.blockState(b);
  if (state === BlockState.ABSENT) return [];
  // v4.10's show_valid_zones() has no state check: an online block shows its shiftable neighbour too.
  if (state === BlockState.MEM_ONLINE && !k.kb.zone_policy.zoneAtAdd) return [k.s.blockZone(b)];
  return k.kb.zone_policy.validZones(k, b);
}

/** valid_zones as sysfs prints it, e.g. "Normal Movable" or "none". */
export function validZonesText(zones: readonly Zone[]): string {
  return zones.map((z) => ZONE_NAMES[z]).join(' ');
}

/** Packs up to three zones into 8 bits (2 bits of count, 2 bits each). */
export function packZones(zones: readonly Zone[]): number {
  let v = Math.min(zones.length, 3);
  zones.slice(0, 3).forEach((z, i) => { v |= z << (2 + 2 * i); });
  return v;
}

export function unpackZones(v: number): Zone[] {
  const n = v & 3;
  return Array.from({ length: n }, (_, i) => (v >> (2 + 2 * i)) & 3);
}
