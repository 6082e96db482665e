/**
 * The readers and walkers as actions, enabled at any time once the system runs: the sysfs
 * reads of each memory block, the /proc walkers, and hard/soft offline of the first pfn of
 * each RAM block and pmem range. They add transitions, not states: a read that finds
 * nothing wrong leaves the state as it was (see model/readers.ts).
 *
 * Model: `state`, `phys_device`, `phys_index`, nodeN/meminfo and the nodeN/memoryM listing
 * read mem->state, constants, node counters and sysfs links, never a memmap, in every
 * modelled version; their values are in the decoded state and the link properties, so they
 * are not actions. Compaction's zone scan is not modelled.
 */
import type { Geometry } from './geometry.ts';
import type { Kernel } from './kernel.ts';
import {
  kpageflags_read, memory_failure, pagetypeinfo_showmixedcount_print, show_mem_removable,
  soft_offline_page_store, test_pages_in_a_zone,
} from './readers.ts';
import { SystemState, type Kstate } from './state.ts';

const running = (s: Kstate): boolean => s.systemState === SystemState.RUNNING;

/** A reader as an Action of model/actions.ts (declared here so the two files do not import each other). */
export interface ReaderAction {
  readonly name: string;
  readonly kind: 'read';
  readonly arg: number;
  enabled(s: Kstate): boolean;
  apply(k: Kernel): number;
}

function read(name: string, arg: number, enabled: (s: Kstate) => boolean, run: (k: Kernel) => void): ReaderAction {
  return { name, kind: 'read', arg, enabled, apply: (k) => { run(k); return 0; } };
}

/** The pfns hard/soft offline are tried on: the first of each RAM block and of each pmem range. */
export function offlineTargets(g: Geometry): { sub: number; what: string }[] {
  const size = g.layout.geometry.subsectionSize;
  const ram = g.ramBlocks.map((b) => ({ sub: b * g.subsPerBlock, what: `memory${b}` }));
  const pmem = g.layout.pmem.map((p) => ({ sub: p.start / size, what: p.name }));
  return [...ram, ...pmem];
}

export function readerActions(g: Geometry): ReaderAction[] {
  const size = g.layout.geometry.subsectionSize;
  const pfn = (sub: number): string => `0x${((sub * size) / 4096).toString(16)}`;
  const sysfs = g.ramBlocks.flatMap((b) => [
    read(`show_valid_zones(memory${b})`, b, (s) => running(s) && s.blockExists(b), (k) => test_pages_in_a_zone(k, b)),
    read(`show_mem_removable(memory${b})`, b, (s) => running(s) && s.blockExists(b), (k) => show_mem_removable(k, b)),
  ]);
  const offline = offlineTargets(g).flatMap(({ sub, what }) => [
    read(`memory_failure(${pfn(sub)}: ${what})`, sub, running, (k) => memory_failure(k, sub)),
    read(`soft_offline_page_store(${pfn(sub)}: ${what})`, sub, running, (k) => soft_offline_page_store(k, sub)),
  ]);
  return [
    read('kpageflags_read', 0, running, kpageflags_read),
    read('pagetypeinfo_showmixedcount_print', 0, running, pagetypeinfo_showmixedcount_print),
    ...sysfs,
    ...offline,
  ];
}
