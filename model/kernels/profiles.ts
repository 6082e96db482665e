/**
 * The kernel versions hpcheck models, in one list: each release with its hotplug behaviour
 * (one choice per behaviour point, behaviour.ts) and, from v5.1 on, its lock behaviour (the
 * lock model's points, model/locking/behaviour.ts). A model's profiles are read off this
 * list. A profile is faithful to the release: a bug still present in it is present in the
 * profile.
 *
 * Kernel: the commits named at each point; versions checked against the release tags where
 * the sources allowed it. The table of points per release: docs/kernel-semantics.md#the-profiles.
 */
import { allowOnlinePfnRangePolicy, zoneAtAddPolicy, zoneForPfnRangePolicy } from '../memory_hotplug_zones.ts';
import { try_offline_node__span_and_blocks, try_offline_node__walk_span } from '../memory_hotplug.ts';
import {
  do_register_memory_block_under_node__ignore_error, do_register_memory_block_under_node__stop_on_error,
  register_mem_sect_under_node__check_nid, register_mem_sect_under_node__meminit_context,
  register_mem_sect_under_node__system_booting, unregister_memory_block_under_nodes__mem_nid,
  unregister_memory_block_under_nodes__per_pfn,
} from '../node.ts';
import { section_deactivate__keep_early, section_deactivate__depopulate_early, sparse_remove_one_section } from '../sparse.ts';
import { LOCK_STAGES, type LockBehaviour } from '../locking/behaviour.ts';
import type { Behaviour } from './behaviour.ts';
import type { Profile } from './profile.ts';

export type { Profile };

/** v4.10: zones chosen at add time; the udev online_movable breakage of seed 002. */
const v4_10: Behaviour = {
  register_mem_sect_under_node: register_mem_sect_under_node__check_nid,
  do_register_memory_block_under_node: do_register_memory_block_under_node__stop_on_error,
  link_failure: 'ignore',
  mem_nid: 'v5.4',
  unregister_memory_block_under_nodes: unregister_memory_block_under_nodes__per_pfn,
  try_offline_node: try_offline_node__walk_span,
  section_deactivate: sparse_remove_one_section,
  zone_policy: zoneAtAddPolicy,
  memmap_at_add: 'initialised',
  span_shrink: 'at-remove',
  offline_poisons_memmap: false,
  subsection_hotplug: false,
  shrink_zone_device: true,
  node_registration: 'topology_init',
  pfn_to_online_page: 'section',
  kpageflags: 'pfn_valid',
  memory_failure: 'pfn_valid',
  soft_offline_page: 'pfn_valid',
  pagetypeinfo: 'pfn_valid',
  show_valid_zones: 'memmap-first',
  removable: 'memmap-first',
  shrink_zone_span: 'pfn_valid',
  node_span_at_remove: 'shrink_pgdat_span',
  memmap_holes: 'zeroed',
  kpageflags_end: 'max_pfn',
};

/** v4.13: f1dd2cd13c4b, no zone until online; ZONE_NORMAL must stay below ZONE_MOVABLE. */
const v4_13: Behaviour = { ...v4_10, zone_policy: allowOnlinePfnRangePolicy, memmap_at_add: 'nid-only' };

/**
 * v4.17: c6f03e2903c9 (v4.14, any zone); d0dc12e86b31 (v4.17, poisoned memmap at add, link
 * errors BUG_ON, valid_zones and removable look at the memmap of online blocks only, and
 * link_mem_sections(check_nid) checks the nid at boot only, which is what the meminit
 * context variant does); f7f99100d8d9 (v4.16, holes in early sections uninitialised). The
 * readers still find pages with pfn_valid(), which is how the poisoned memmap of memory
 * that was never onlined becomes visible (the "Fixes: f1dd2cd13c4b" of the v5.4 fixes).
 */
const v4_17: Behaviour = {
  ...v4_13,
  register_mem_sect_under_node: register_mem_sect_under_node__meminit_context,
  link_failure: 'bug-on',
  mem_nid: 'v5.3',
  zone_policy: zoneForPfnRangePolicy,
  memmap_at_add: 'poisoned',
  show_valid_zones: 'state-first',
  removable: 'state-first',
  memmap_holes: 'poisoned',
};

/**
 * v4.19: 4fbce633910e, the nid check keyed on SYSTEM_BOOTING; 907ec5fca3dc zeroes the
 * memmap of holes below the end of RAM.
 */
const v4_19: Behaviour = {
  ...v4_17,
  register_mem_sect_under_node: register_mem_sect_under_node__system_booting,
  memmap_holes: 'tail-poisoned',
};

/**
 * v5.1: valid_zones and removable stop at the end of the zone (24feb47c5fa5 and
 * efad4e475c31, v5.0).
 */
const v5_1: Behaviour = { ...v4_19, show_valid_zones: 'zone-bounded', removable: 'zone-bounded' };

/** v5.3: sub-section hotplug (ba72b4c8cf60) with the partial early-section depopulate. */
const v5_3: Behaviour = { ...v5_1, subsection_hotplug: true, section_deactivate: section_deactivate__depopulate_early };

/**
 * v5.4 (the release tag): d84f2f5a7552 (unlink by mem->nid) and 2c91f8fc6c99
 * (try_offline_node() fixed); the readers find pages with pfn_to_online_page()
 * (aad5f69bc161, 96c804a6ae8c, 641fe2e9387a, a26ee565b6cd); at remove, shrink_zone_span()
 * only looks at online pages (7ce700bf11b5, merged for v5.4-rc8) and the node span is
 * recomputed from the zones (00d6c019b5bc). The zone lookup at remove still reads the memmap.
 */
const v5_4: Behaviour = {
  ...v5_3,
  mem_nid: 'v5.4',
  unregister_memory_block_under_nodes: unregister_memory_block_under_nodes__mem_nid,
  try_offline_node: try_offline_node__span_and_blocks,
  kpageflags: 'pfn_to_online_page',
  memory_failure: 'pfn_to_online_page',
  soft_offline_page: 'pfn_to_online_page',
  pagetypeinfo: 'pfn_to_online_page',
  shrink_zone_span: 'pfn_to_online_page',
  node_span_at_remove: 'update_pgdat_span',
};

/** v5.5: feee6b298916 (spans shrink at offline, no zone lookup at remove, ZONE_DEVICE never shrunk). */
const v5_5: Behaviour = { ...v5_4, span_shrink: 'at-offline', shrink_zone_device: false };

/**
 * v5.6: d33695b16a9f (offline re-poisons the memmap); e822969cab48 (the tail of the last
 * early section gets an initialised memmap).
 */
const v5_6: Behaviour = { ...v5_5, offline_poisons_memmap: true, memmap_holes: 'initialised' };

/**
 * v5.8: still the SYSTEM_BOOTING nid check and the partial early-section depopulate;
 * `removable` is always 1 (53cdc1cb29e8, v5.7).
 */
const v5_8: Behaviour = { ...v5_6, removable: 'always' };

/** v5.9: f85086f95fa3 (meminit context) and ef69bc9f689d (early sections kept whole). */
const v5_9: Behaviour = {
  ...v5_8,
  register_mem_sect_under_node: register_mem_sect_under_node__meminit_context,
  section_deactivate: section_deactivate__keep_early,
};

/** v5.10: 90c7eaeb14a3, no BUG_ON when a link cannot be created; -EEXIST ignored. */
const v5_10: Behaviour = {
  ...v5_9,
  do_register_memory_block_under_node: do_register_memory_block_under_node__ignore_error,
  link_failure: 'ignore',
};

/**
 * v5.12: pfn_to_online_page() checks subsection validity (9f9b02e5b7e) and returns no page
 * for ZONE_DEVICE memory sharing a section with RAM (1f90a3477df3).
 */
const v5_12: Behaviour = { ...v5_10, pfn_to_online_page: 'subsection' };

/** v5.15: /proc/kpageflags reads up to the end of the last section (get_max_dump_pfn(), v5.13). */
const v5_15: Behaviour = { ...v5_12, kpageflags_end: 'section' };

/** v6.1: node registration moved to node_dev_init() (2848a28b0a60, v5.18). */
const v6_1: Behaviour = { ...v5_15, node_registration: 'node_dev_init' };

/** One kernel release: its hotplug behaviour, and its lock behaviour where the lock model covers it. */
export interface KernelVersion {
  readonly name: string;
  readonly hotplug: { readonly summary: string; readonly behaviour: Behaviour };
  /** null before v5.1: the lock model's scenario (dax kmem hot-remove) needs the seed's v5.1 series. */
  readonly lock: { readonly summary: string; readonly behaviour: LockBehaviour } | null;
}

const lock = LOCK_STAGES;

export const KERNELS: readonly KernelVersion[] = [
  {
    name: 'v4.10',
    hotplug: { summary: 'zone chosen at add; Movable only at the edge of Normal (seed 002)', behaviour: v4_10 },
    lock: null,
  },
  { name: 'v4.13', hotplug: { summary: 'f1dd2cd13c4b: zone chosen at online', behaviour: v4_13 }, lock: null },
  { name: 'v4.17', hotplug: { summary: 'd0dc12e86b31: poisoned memmap at add; readers use pfn_valid()', behaviour: v4_17 }, lock: null },
  { name: 'v4.19', hotplug: { summary: '4fbce633910e: SYSTEM_BOOTING nid check', behaviour: v4_19 }, lock: null },
  {
    name: 'v5.1',
    hotplug: { summary: 'SYSTEM_BOOTING nid check, BUG_ON on link error, old try_offline_node(); valid_zones and removable stop at the zone end', behaviour: v5_1 },
    lock: { summary: 'the seed: block devices removed inside mem_hotplug_lock, under mem_sysfs_mutex', behaviour: lock.v5_1 },
  },
  {
    name: 'v5.3',
    hotplug: { summary: 'sub-section hotplug; old try_offline_node() (seed 001)', behaviour: v5_3 },
    lock: { summary: 'block devices removed before arch_remove_memory, still inside mem_hotplug_lock (4c4b7f9ba948)', behaviour: lock.v5_3 },
  },
  {
    name: 'v5.4',
    hotplug: { summary: '2c91f8fc6c99, d84f2f5a7552, the pfn_to_online_page() reader fixes, 7ce700bf11b5; zone lookup at remove still reads the memmap', behaviour: v5_4 },
    lock: { summary: 'as v5.3', behaviour: lock.v5_3 },
  },
  { name: 'v5.5', hotplug: { summary: 'feee6b298916: spans shrink at offline, no zone lookup at remove', behaviour: v5_5 }, lock: null },
  {
    name: 'v5.6',
    hotplug: { summary: 'd33695b16a9f: offline re-poisons the memmap; e822969cab48: the tail of an early section is initialised', behaviour: v5_6 },
    lock: { summary: 'block devices removed before mem_hotplug_begin (f1037ec0cc8a); EBUSY exit calls mem_hotplug_done unpaired', behaviour: lock.v5_6 },
  },
  {
    name: 'v5.8',
    hotplug: { summary: 'SYSTEM_BOOTING nid check (seed 000); partial early-section depopulate (seed 004)', behaviour: v5_8 },
    lock: { summary: 'as v5.6', behaviour: lock.v5_6 },
  },
  {
    name: 'v5.9',
    hotplug: { summary: 'f85086f95fa3 and ef69bc9f689d', behaviour: v5_9 },
    lock: { summary: 'EBUSY exit returns directly (b4223a510e2a)', behaviour: lock.v5_9 },
  },
  {
    name: 'v5.10',
    hotplug: { summary: '90c7eaeb14a3: no BUG_ON on link errors', behaviour: v5_10 },
    lock: { summary: 'as v5.9', behaviour: lock.v5_9 },
  },
  { name: 'v5.12', hotplug: { summary: '9f9b02e5b7e and 1f90a3477df3: pfn_to_online_page() at subsection granularity, ZONE_DEVICE excluded', behaviour: v5_12 }, lock: null },
  { name: 'v5.15', hotplug: { summary: 'get_max_dump_pfn(): /proc/kpageflags reads the whole last section', behaviour: v5_15 }, lock: null },
  {
    name: 'v6.1',
    hotplug: { summary: 'node_dev_init(); the behaviour checked against Linux 6.1', behaviour: v6_1 },
    lock: { summary: 'as v5.9; mem_hotplug_begin in memory_block_online/offline', behaviour: lock.v6_1 },
  },
];

/** The hotplug model's profiles: every kernel version. */
export const PROFILES: readonly Profile[] = KERNELS.map((k) => ({ name: k.name, ...k.hotplug }));

/** The lock model's profiles: the versions from v5.1 on. */
export const LOCK_PROFILES: readonly Profile<LockBehaviour>[] = KERNELS.flatMap((k) => (k.lock ? [{ name: k.name, ...k.lock }] : []));

/** A profile by release name; the leading `v` may be left out (`5.8`). */
export function findIn<B>(profiles: readonly Profile<B>[], name: string): Profile<B> | undefined {
  const wanted = name.startsWith('v') ? name : `v${name}`;
  return profiles.find((p) => p.name === wanted);
}

export const findProfile = (name: string): Profile | undefined => findIn(PROFILES, name);
export const findLockProfile = (name: string): Profile<LockBehaviour> | undefined => findIn(LOCK_PROFILES, name);
