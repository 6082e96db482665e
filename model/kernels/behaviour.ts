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
 * the other; this file holds the table of points and the patch type.
 */
import type { Behaviour, MeminitContext, OnlineType, ZonePolicy } from '../kernel.ts';

export type { Behaviour, MeminitContext, OnlineType, ZonePolicy };

export type BehaviourPoint = keyof Behaviour;

/** Every point, in documentation order, with whether a patch supplies it as a function. */
export const BEHAVIOUR_POINTS: readonly { name: BehaviourPoint; kind: 'function' | 'data' | 'object' }[] = [
  { name: 'register_mem_sect_under_node', kind: 'function' },
  { name: 'do_register_memory_block_under_node', kind: 'function' },
  { name: 'link_failure', kind: 'data' },
  { name: 'mem_nid', kind: 'data' },
  { name: 'unregister_memory_block_under_nodes', kind: 'function' },
  { name: 'try_offline_node', kind: 'function' },
  { name: 'section_deactivate', kind: 'function' },
  { name: 'zone_policy', kind: 'object' },
  { name: 'memmap_at_add', kind: 'data' },
  { name: 'span_shrink', kind: 'data' },
  { name: 'offline_poisons_memmap', kind: 'data' },
  { name: 'subsection_hotplug', kind: 'data' },
  { name: 'shrink_zone_device', kind: 'data' },
  { name: 'node_registration', kind: 'data' },
];

/** A patch: a name, a one-line description, and the points it replaces. */
export interface Patch {
  readonly name: string;
  readonly description: string;
  readonly overrides: Partial<Behaviour>;
  /** A user's patch: the absolute path of the module it was loaded from. */
  readonly source?: string;
}
