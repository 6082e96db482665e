/**
 * Kernel failures recorded in the state: crashes (BUG_ON, oops, page fault) and reads of a
 * memmap that holds no initialised struct page. Both are data, never exceptions, so the
 * properties `no-kernel-bug` and `memmap-valid` can see them.
 *
 * A code is `kind | fn << 4`: what went wrong, and in which kernel function.
 */

export const enum BugKind {
  BUG_ON = 1,
  NULL_DEREF = 2,
  PAGE_FAULT = 3,
  VM_BUG_ON_PGFLAGS = 4,
  BAD_NODE_DATA = 5,
}

/**
 * Kernel functions that can crash or read a memmap, with the file they live in. The one
 * table: a function's number (`Fn`, the `fn` of a code) is its index here.
 */
export const FUNCTIONS = [
  ['', ''],
  ['add_memory_resource', 'mm/memory_hotplug.c'],
  ['unregister_memory_block_under_nodes', 'drivers/base/node.c'],
  ['register_mem_sect_under_node', 'drivers/base/node.c'],
  ['try_offline_node', 'mm/memory_hotplug.c'],
  ['arch_remove_memory', 'arch/x86/mm/init_64.c'],
  ['shrink_zone_span', 'mm/memory_hotplug.c'],
  ['memmap_init_zone', 'mm/page_alloc.c'],
  ['online_pages', 'mm/memory_hotplug.c'],
  ['__register_one_node', 'drivers/base/node.c'],
] as const;

type FnName = Exclude<(typeof FUNCTIONS)[number][0], ''>;

/** A kernel function's number: its index in FUNCTIONS. */
export type Fn = number;

/** `Fn.online_pages` and so on: each name of FUNCTIONS, mapped to its index. */
export const Fn: { readonly [K in FnName]: Fn } = Object.freeze(
  Object.fromEntries(FUNCTIONS.map(([name], i) => [name, i]).slice(1)) as { [K in FnName]: Fn },
);

export const bugCode = (kind: BugKind, fn: Fn): number => kind | (fn << 4);
export const codeKind = (code: number): number => code & 15;
export const codeFn = (code: number): Fn => code >> 4;
export const fnName = (fn: Fn): string => FUNCTIONS[fn]?.[0] ?? `fn${fn}`;
export const fnFile = (fn: Fn): string => FUNCTIONS[fn]?.[1] ?? '?';

/** Kinds of bad memmap read, stored as `kind | fn << 4` like bug codes. */
export const enum ReadKind {
  POISONED = 1,
  ABSENT = 2,
}
