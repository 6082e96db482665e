/**
 * Behaviour points: every place where the kernel's hotplug behaviour changed between the
 * versions hpcheck models. A kernel profile (profiles.ts) fills every point; a patch
 * (patches.ts, or a user's module) replaces one or more of them.
 *
 * Function points take the `Kernel` view (model/kernel.ts) and run kernel code against it;
 * data points select between variants whose code lives in the kernel files of model/.
 *
 * Variants of one kernel function are named `<function>__<what differs>`, e.g.
 * section_deactivate__depopulate_early (v5.3..v5.8) and section_deactivate__keep_early
 * (ef69bc9f689d); the release and commit each follows are on its `Kernel:` line. The
 * `Behaviour` interface itself lives beside `Kernel` in model/kernel.ts, since each refers to
 * the other; this file holds the table of points. A patch (`Patch`, model/kernels/profile.ts)
 * is generic over the model's behaviour; here it is the hotplug model's.
 */
import type { Behaviour, MeminitContext, OnlineType, PfnLookup, ZonePolicy } from '../kernel.ts';
import type { BehaviourPointSpec, Patch } from './profile.ts';

export type { Behaviour, MeminitContext, OnlineType, Patch, PfnLookup, ZonePolicy };

export type BehaviourPoint = keyof Behaviour;

/** Every point, in documentation order, with what a patch supplies for it (a user patch is checked against this). */
export const BEHAVIOUR_POINTS: readonly BehaviourPointSpec<BehaviourPoint>[] = [
  { name: 'register_mem_sect_under_node', kind: 'function' },
  { name: 'do_register_memory_block_under_node', kind: 'function' },
  { name: 'link_failure', kind: 'data', values: ['bug-on', 'ignore'] },
  { name: 'mem_nid', kind: 'data', values: ['v5.3', 'v5.4'] },
  { name: 'unregister_memory_block_under_nodes', kind: 'function' },
  { name: 'try_offline_node', kind: 'function' },
  { name: 'section_deactivate', kind: 'function' },
  { name: 'zone_policy', kind: 'object' },
  { name: 'memmap_at_add', kind: 'data', values: ['initialised', 'nid-only', 'poisoned'] },
  { name: 'span_shrink', kind: 'data', values: ['at-remove', 'at-offline'] },
  { name: 'offline_poisons_memmap', kind: 'data', values: [false, true] },
  { name: 'subsection_hotplug', kind: 'data', values: [false, true] },
  { name: 'shrink_zone_device', kind: 'data', values: [false, true] },
  { name: 'node_registration', kind: 'data', values: ['topology_init', 'node_dev_init'] },
  { name: 'pfn_to_online_page', kind: 'data', values: ['section', 'subsection'] },
  { name: 'kpageflags', kind: 'data', values: ['pfn_valid', 'pfn_to_online_page'] },
  { name: 'memory_failure', kind: 'data', values: ['pfn_valid', 'pfn_to_online_page'] },
  { name: 'soft_offline_page', kind: 'data', values: ['pfn_valid', 'pfn_to_online_page'] },
  { name: 'pagetypeinfo', kind: 'data', values: ['pfn_valid', 'pfn_to_online_page'] },
  { name: 'show_valid_zones', kind: 'data', values: ['memmap-first', 'state-first', 'zone-bounded'] },
  { name: 'removable', kind: 'data', values: ['memmap-first', 'state-first', 'zone-bounded', 'always'] },
  { name: 'shrink_zone_span', kind: 'data', values: ['pfn_valid', 'pfn_to_online_page'] },
  { name: 'node_span_at_remove', kind: 'data', values: ['shrink_pgdat_span', 'update_pgdat_span'] },
  { name: 'memmap_holes', kind: 'data', values: ['zeroed', 'poisoned', 'tail-poisoned', 'initialised'] },
  { name: 'kpageflags_end', kind: 'data', values: ['max_pfn', 'section'] },
];
