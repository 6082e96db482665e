/**
 * Named patches: each replaces the behaviour points a real (or proposed) commit changed, so
 * `--kernel v5.8 --patch f85086f95fa3` is v5.8 with that fix applied.
 */
import { allowOnlinePfnRangePolicy } from '../memory_hotplug_zones.ts';
import { try_offline_node__span_and_blocks } from '../memory_hotplug.ts';
import {
  do_register_memory_block_under_node__ignore_error, register_mem_sect_under_node__below_running,
  register_mem_sect_under_node__meminit_context, unregister_memory_block_under_nodes__mem_nid,
} from '../node.ts';
import { section_deactivate__keep_early } from '../sparse.ts';
import type { Patch } from './behaviour.ts';

export const PATCHES: readonly Patch[] = [
  {
    name: 'f85086f95fa3',
    description: "mm: don't rely on system state to detect hot-plug operations (v5.9-rc7)",
    overrides: { register_mem_sect_under_node: register_mem_sect_under_node__meminit_context },
  },
  {
    name: '90c7eaeb14a3',
    description: "mm: don't panic when links can't be created in sysfs (v5.10)",
    overrides: { do_register_memory_block_under_node: do_register_memory_block_under_node__ignore_error, link_failure: 'ignore' },
  },
  {
    name: '2c91f8fc6c99',
    description: 'mm/memory_hotplug: fix try_offline_node() (v5.4-rc8)',
    overrides: { try_offline_node: try_offline_node__span_and_blocks },
  },
  {
    name: 'd84f2f5a7552',
    description: 'drivers/base/node.c: simplify unregister_memory_block_under_nodes() (v5.4)',
    overrides: { unregister_memory_block_under_nodes: unregister_memory_block_under_nodes__mem_nid, mem_nid: 'v5.4' },
  },
  {
    name: 'feee6b298916',
    description: 'mm/memory_hotplug: shrink zones when offlining memory (v5.5)',
    overrides: { span_shrink: 'at-offline', shrink_zone_device: false },
  },
  {
    name: 'ef69bc9f689d',
    description: 'mm/sparse: never partially remove memmap for early section (v5.9-rc1)',
    overrides: { section_deactivate: section_deactivate__keep_early },
  },
  {
    name: 'f1dd2cd13c4b',
    description: 'mm, memory_hotplug: do not associate hotadded memory to zones until online (v4.13)',
    overrides: { zone_policy: allowOnlinePfnRangePolicy, memmap_at_add: 'nid-only' },
  },
  {
    name: 'system-state-below-running',
    description: 'the early_memory_init() helper proposed in the thread of f85086f95fa3 (never merged)',
    overrides: { register_mem_sect_under_node: register_mem_sect_under_node__below_running },
  },
];

export function findPatch(name: string): Patch | undefined {
  return PATCHES.find((p) => p.name === name || (name.length >= 7 && p.name.startsWith(name)));
}
