/**
 * Kernel profiles: the behaviour of each release hpcheck models, one choice per behaviour
 * point (behaviour.ts). A profile is faithful to the release: a bug still present in it is
 * present in the profile.
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
import type { Behaviour } from './behaviour.ts';

export interface Profile {
  readonly name: string;
  readonly summary: string;
  readonly behaviour: Behaviour;
}

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
};

/** v4.13: f1dd2cd13c4b, no zone until online; ZONE_NORMAL must stay below ZONE_MOVABLE. */
const v4_13: Behaviour = { ...v4_10, zone_policy: allowOnlinePfnRangePolicy, memmap_at_add: 'nid-only' };

/**
 * v5.1: c6f03e2903c9 (v4.14, any zone); d0dc12e86b31 (v4.17, poisoned memmap at add, link
 * errors BUG_ON); 4fbce633910e (v4.19, the nid check keyed on SYSTEM_BOOTING).
 */
const v5_1: Behaviour = {
  ...v4_13,
  register_mem_sect_under_node: register_mem_sect_under_node__system_booting,
  link_failure: 'bug-on',
  mem_nid: 'v5.3',
  zone_policy: zoneForPfnRangePolicy,
  memmap_at_add: 'poisoned',
};

/** v5.3: sub-section hotplug (ba72b4c8cf60) with the partial early-section depopulate. */
const v5_3: Behaviour = { ...v5_1, subsection_hotplug: true, section_deactivate: section_deactivate__depopulate_early };

/** v5.4: d84f2f5a7552 (unlink by mem->nid) and 2c91f8fc6c99 (try_offline_node() fixed). */
const v5_4: Behaviour = {
  ...v5_3,
  mem_nid: 'v5.4',
  unregister_memory_block_under_nodes: unregister_memory_block_under_nodes__mem_nid,
  try_offline_node: try_offline_node__span_and_blocks,
};

/**
 * v5.6: feee6b298916 (v5.5, spans shrink at offline, no zone lookup at remove, ZONE_DEVICE
 * never shrunk) and d33695b16a9f (v5.6, offline re-poisons the memmap).
 */
const v5_6: Behaviour = { ...v5_4, span_shrink: 'at-offline', shrink_zone_device: false, offline_poisons_memmap: true };

/** v5.8: still the SYSTEM_BOOTING nid check and the partial early-section depopulate. */
const v5_8: Behaviour = { ...v5_6 };

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

/** v6.1: node registration moved to node_dev_init() (2848a28b0a60, v5.18). */
const v6_1: Behaviour = { ...v5_10, node_registration: 'node_dev_init' };

export const PROFILES: readonly Profile[] = [
  { name: 'v4.10', summary: 'zone chosen at add; Movable only at the edge of Normal (seed 002)', behaviour: v4_10 },
  { name: 'v4.13', summary: 'f1dd2cd13c4b: zone chosen at online', behaviour: v4_13 },
  { name: 'v5.1', summary: 'SYSTEM_BOOTING nid check, BUG_ON on link error, old try_offline_node()', behaviour: v5_1 },
  { name: 'v5.3', summary: 'sub-section hotplug; old try_offline_node() (seed 001)', behaviour: v5_3 },
  { name: 'v5.4', summary: '2c91f8fc6c99 and d84f2f5a7552; zone lookup at remove still reads the memmap', behaviour: v5_4 },
  { name: 'v5.6', summary: 'feee6b298916: spans shrink at offline; offline re-poisons the memmap', behaviour: v5_6 },
  { name: 'v5.8', summary: 'SYSTEM_BOOTING nid check (seed 000); partial early-section depopulate (seed 004)', behaviour: v5_8 },
  { name: 'v5.9', summary: 'f85086f95fa3 and ef69bc9f689d', behaviour: v5_9 },
  { name: 'v5.10', summary: '90c7eaeb14a3: no BUG_ON on link errors', behaviour: v5_10 },
  { name: 'v6.1', summary: 'node_dev_init(); the behaviour checked against Linux 6.1', behaviour: v6_1 },
];

export function findProfile(name: string): Profile | undefined {
  const wanted = name.startsWith('v') ? name : `v${name}`;
  return PROFILES.find((p) => p.name === wanted);
}
