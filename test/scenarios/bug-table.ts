/**
 * Real hotplug bugs beyond the seed threads (docs/bugs.md): for each, the fix, the built-in
 * layout, the kernel where `check` finds it as a (property, site) with the length of its
 * shortest trace, and the kernels where that (property, site) is verified absent. Each run
 * is a manifest case (catalogue.ts) with its reason; bugs.test.ts checks every row.
 */

export interface BugRun {
  readonly kernel: string;
  readonly patches: readonly string[];
}

export interface BugRow {
  /** The fix, as a 12-character commit id. */
  readonly fix: string;
  readonly subject: string;
  /** The release that first had the fix. */
  readonly release: string;
  readonly layout: string;
  readonly buggy: BugRun;
  readonly property: string;
  readonly site: string;
  /** Steps of the shortest trace from power-on on the buggy kernel. */
  readonly steps: number;
  readonly fixed: readonly BugRun[];
  /** What goes wrong, in the kernel's words. */
  readonly reason: string;
}

const run = (kernel: string, ...patches: string[]): BugRun => ({ kernel, patches });

export const BUG_TABLE: readonly BugRow[] = [
  {
    fix: 'aad5f69bc161', subject: "fs/proc/page.c: don't access uninitialized memmaps in fs/proc/page.c", release: 'v5.4',
    layout: 'dimm-never-onlined', buggy: run('v5.3'), property: 'memmap-valid', site: 'stable_page_flags()', steps: 7,
    fixed: [run('v5.4'), run('v5.3', 'aad5f69bc161')],
    reason: '/proc/kpageflags finds pages with pfn_valid() and reads the poisoned memmap of a DIMM that was added but never onlined',
  },
  {
    fix: '96c804a6ae8c', subject: "mm/memory-failure.c: don't access uninitialized memmaps in memory_failure()", release: 'v5.4',
    layout: 'dimm-never-onlined', buggy: run('v5.3'), property: 'memmap-valid', site: 'memory_failure()', steps: 7,
    fixed: [run('v5.4'), run('v5.3', '96c804a6ae8c')],
    reason: 'hard_offline_page on a pfn of a never-onlined DIMM: memory_failure() reads its poisoned page flags',
  },
  {
    fix: '641fe2e9387a', subject: "drivers/base/memory.c: don't access uninitialized memmaps in soft_offline_page_store()", release: 'v5.4',
    layout: 'dimm-never-onlined', buggy: run('v5.3'), property: 'memmap-valid', site: 'soft_offline_page_store()', steps: 7,
    fixed: [run('v5.4'), run('v5.3', '641fe2e9387a')],
    reason: 'soft_offline_page on a pfn of a never-onlined DIMM: is_zone_device_page() reads its poisoned page flags',
  },
  {
    fix: 'a26ee565b6cd', subject: "mm/page_owner: don't access uninitialized memmaps when reading /proc/pagetypeinfo", release: 'v5.4',
    layout: 'dimm-gap-never-onlined', buggy: run('v5.3'), property: 'memmap-valid', site: 'pagetypeinfo_showmixedcount_print()', steps: 9,
    fixed: [run('v5.4'), run('v5.3', 'a26ee565b6cd')],
    reason: 'onlining the upper DIMM grows the zone span over the lower, never-onlined one; /proc/pagetypeinfo walks the span with pfn_valid()',
  },
  {
    fix: '7ce700bf11b5', subject: "mm/memory_hotplug: don't access uninitialized memmaps in shrink_zone_span()", release: 'v5.4',
    layout: 'dimm-gap-never-onlined', buggy: run('v5.3'), property: 'memmap-valid', site: 'shrink_zone_span()', steps: 10,
    fixed: [run('v5.4'), run('v5.3', '7ce700bf11b5')],
    reason: 'removing the upper DIMM: shrink_zone_span() looks for the new end of the zone and reads the never-onlined DIMM below it',
  },
  {
    fix: '00d6c019b5bc', subject: "mm/memory_hotplug: don't access uninitialized memmaps in shrink_pgdat_span()", release: 'v5.4',
    layout: 'dimm-gap-never-onlined', buggy: run('v5.3', '7ce700bf11b5'), property: 'memmap-valid', site: 'shrink_pgdat_span()', steps: 10,
    fixed: [run('v5.4'), run('v5.3', '7ce700bf11b5', '00d6c019b5bc')],
    reason: 'the same removal, with the zone fixed: shrink_pgdat_span() still reads the never-onlined DIMM looking for the new end of the node',
  },
  {
    fix: 'feee6b298916', subject: 'mm/memory_hotplug: shrink zones when offlining memory', release: 'v5.5',
    layout: 'dimm-never-onlined', buggy: run('v5.4'), property: 'no-kernel-bug', site: 'clear_zone_contiguous()', steps: 7,
    fixed: [run('v5.5'), run('v5.4', 'feee6b298916')],
    reason: 'removing a DIMM that was never onlined: arch_remove_memory() takes page_zone() of its poisoned first page and __remove_pages() writes zone->contiguous through it (oops)',
  },
  {
    fix: 'efad4e475c31', subject: 'mm, memory_hotplug: is_mem_section_removable do not pass the end of a zone', release: 'v5.0',
    layout: 'boot-tail-hole', buggy: run('v4.19'), property: 'memmap-valid', site: 'is_mem_section_removable()', steps: 6,
    fixed: [run('v5.1'), run('v4.19', 'efad4e475c31')],
    reason: 'RAM ends mid-section; `removable` of the last block walks past the end of the zone into the uninitialised tail',
  },
  {
    fix: '24feb47c5fa5', subject: 'mm, memory_hotplug: test_pages_in_a_zone do not pass the end of zone', release: 'v5.0',
    layout: 'boot-tail-hole', buggy: run('v4.19'), property: 'memmap-valid', site: 'test_pages_in_a_zone()', steps: 6,
    fixed: [run('v5.1'), run('v4.19', '24feb47c5fa5')],
    reason: 'RAM ends mid-section; `valid_zones` of the last block runs test_pages_in_a_zone() past the end of the zone into the uninitialised tail',
  },
  {
    fix: 'e822969cab48', subject: 'mm/page_alloc.c: fix uninitialized memmaps on a partially populated last section', release: 'v5.6',
    layout: 'boot-tail-hole-dimm', buggy: run('v5.5'), property: 'memmap-valid', site: 'stable_page_flags()', steps: 7,
    fixed: [run('v5.6'), run('v5.5', 'e822969cab48')],
    reason: 'a DIMM added above a section whose tail has no RAM raises max_pfn; pfn_to_online_page() takes the whole early section as online and /proc/kpageflags reads the tail',
  },
  {
    fix: '1f90a3477df3', subject: 'mm: teach pfn_to_online_page() about ZONE_DEVICE section collisions', release: 'v5.12',
    layout: 'pmem-early-section', buggy: run('v5.10'), property: 'memmap-valid', site: 'memory_failure()', steps: 7,
    fixed: [run('v5.12'), run('v5.10', '1f90a3477df3')],
    reason: 'devdax in the rest of an online early section: pfn_to_online_page() returns its ZONE_DEVICE page and memory_failure() handles it as RAM, not through memory_failure_dev_pagemap()',
  },
];
