/**
 * mm/memory_hotplug.c, memmap on memory: the vmemmap of hot-added memory carved from the
 * memory itself (`memory_hotplug.memmap_on_memory=1`).
 *
 * add_memory_resource() with MHP_MEMMAP_ON_MEMORY (ACPI passes it for every DIMM) gives a
 * block an altmap when mhp_supports_memmap_on_memory() holds. The first nr_vmemmap_pages of
 * the block then hold its memmap: memory_block_online() initialises them into the block's zone
 * (mhp_init_memmap_on_memory()) and onlines only the rest; memory_block_offline() offlines
 * the rest and then drops them from the zone (mhp_deinit_memmap_on_memory()); they are never
 * given to the buddy allocator, and they go only when the block is removed, as a unit with it.
 * So a zone's present pages include them and its managed pages do not: /proc/zoneinfo
 * `present - managed` of hot-added memory is the sum of nr_vmemmap_pages of its online blocks.
 *
 * Releases: a08a2ae34613 (v5.12) allows it only when one add is exactly one memory block;
 * 6b8f0798b85a (v6.6, "mm/memory_hotplug: split memmap_on_memory requests across
 * memblocks") gives every block of a larger add its own altmap.
 *
 * Model: the vmemmap of a block is 1/64 of it, below the model's unit (a subsection): spans,
 * zones and the memmap state of a subsection are those of the whole block, which is what the
 * kernel makes of them (the vmemmap pages join the block's zone at online and leave it at
 * offline). Which blocks host their memmap is static (it follows from the layout and the
 * release), so it needs no state: the decoded state shows it as `nr_vmemmap_pages`.
 *
 * Kernel: mm/memory_hotplug.c mhp_supports_memmap_on_memory(),
 * memory_block_memmap_on_memory_pages(), add_memory_resource(), create_altmaps_and_memory_blocks();
 * drivers/base/memory.c memory_block_online(), memory_block_offline(), v6.12.
 */
import { SubKind, type Geometry } from './geometry.ts';
import type { Behaviour } from './kernels/behaviour.ts';
import { PAGE_SIZE } from './memory_group.ts';

/** sizeof(struct page) on 64-bit kernels. */
const STRUCT_PAGE_SIZE = 64;
/** PMD_SIZE on x86_64 with 4K pages. */
const PMD_SIZE = 2 * 1024 * 1024;
/** pageblock_nr_pages on x86_64 (pageblock_order 9). */
const PAGEBLOCK_NR_PAGES = 512;

/**
 * memory_block_memmap_on_memory_pages() - pages of a block's vmemmap (the non-"force" mode).
 * Context: any; depends on the block size only.
 * Return: PFN_UP(memory_block_memmap_size()).
 * Kernel: mm/memory_hotplug.c memory_block_memmap_on_memory_pages(), v6.12.
 */
export function memory_block_memmap_on_memory_pages(blockSize: number): number {
  return Math.ceil(((blockSize / PAGE_SIZE) * STRUCT_PAGE_SIZE) / PAGE_SIZE);
}

/**
 * mhp_supports_memmap_on_memory() - can an add of `size` bytes carry its memmap? The
 * parameter is on, the vmemmap fills whole pages, pageblocks and PMDs
 * (arch_supports_memmap_on_memory()), leaves memory to online, and (before 6b8f0798b85a) the
 * add is exactly one memory block.
 * Context: add_memory_resource(), under device_hotplug_lock and mem_hotplug_lock.
 * Return: true if the blocks of the add get an altmap.
 * Kernel: mm/memory_hotplug.c mhp_supports_memmap_on_memory(), v6.12 and v5.12.
 * Model: only the non-"force" mode of the parameter (a boolean in the layout).
 */
export function mhp_supports_memmap_on_memory(g: Geometry, kb: Behaviour, size: number): boolean {
  if (kb.memmap_on_memory === 'none' || !g.layout.platform.memmapOnMemory) return false;
  const blockSize = g.layout.geometry.blockSize;
  if (kb.memmap_on_memory === 'single-block' && size !== blockSize) return false;
  const vmemmapSize = (blockSize / PAGE_SIZE) * STRUCT_PAGE_SIZE;
  const pages = memory_block_memmap_on_memory_pages(blockSize);
  if (vmemmapSize % PAGE_SIZE !== 0 || pages % PAGEBLOCK_NR_PAGES !== 0) return false;
  if (pages === blockSize / PAGE_SIZE) return false;
  return vmemmapSize % PMD_SIZE === 0;
}

/**
 * nrVmemmapPages() - mem->altmap->free of block `b`: the pages of its own memmap it hosts, 0
 * for a block without an altmap (boot memory, and every add the kernel refuses it for).
 * Only DIMMs added by add_memory() (not `plugged: boot`) pass MHP_MEMMAP_ON_MEMORY.
 */
export function nrVmemmapPages(g: Geometry, kb: Behaviour, b: number): number {
  const sub = b * g.subsPerBlock;
  if (g.subKind[sub] !== SubKind.Dimm) return 0;
  const dimm = g.layout.dimms[g.subOwner[sub]!]!;
  if (dimm.plugged === 'boot') return 0;
  if (!mhp_supports_memmap_on_memory(g, kb, dimm.end - dimm.start)) return 0;
  return memory_block_memmap_on_memory_pages(g.layout.geometry.blockSize);
}
