/** Small read-only views of a state that several properties share. */
import { rangeText } from '../model/decode.ts';
import type { Geometry } from '../model/geometry.ts';
import { Kernel } from '../model/kernel.ts';
import type { Behaviour } from '../model/kernels/behaviour.ts';
import { isPresentRam } from '../model/memory_hotplug_online.ts';
import { Kstate } from '../model/state.ts';
import { Journal } from '../explore/journal.ts';

/** A Kernel view of `s` itself, for kernel functions that only read (pfn_valid, valid_zones). */
export const readKernel = (s: Kstate, kb: Behaviour): Kernel => new Kernel(s, s.g, kb);

/** withScratch() runs one function at a time, so one journal serves every call. */
const scratchJournal = new Journal();

/**
 * withScratch() - run a kernel function that may write (v4.10 zone moves) and take back its writes
 * @s: the state to run on; it is the same afterwards
 * @kb: the kernel behaviour
 * @fn: the function to run
 *
 * The writes go through a journal of their own and are undone, so nothing is copied.
 * Return: what @fn returned.
 */
export function withScratch<T>(s: Kstate, kb: Behaviour, fn: (k: Kernel) => T): T {
  const journal = scratchJournal;
  if (journal.length !== 0) throw new Error('hpcheck bug: withScratch() re-entered');
  const view = new Kstate(s.g, s.L, s.w).bind(s.w, journal);
  try {
    return fn(new Kernel(view, s.g, kb));
  } finally {
    journal.undo(s.w);
  }
}

/** Node ids whose present System RAM lies in block `b`. */
export function memoryNodesOf(k: Kernel, b: number): Set<number> {
  const nodes = new Set<number>();
  const [first, end] = k.blockSubs(b);
  for (let sub = first; sub < end; sub++) if (isPresentRam(k, sub)) nodes.add(k.g.subNode[sub]!);
  return nodes;
}


export const nodeList = (nodes: Iterable<number>): string => {
  const list = [...nodes].map((n) => `node${n}`);
  return list.length === 0 ? 'no node' : list.join(' and ');
};

/** The physical range of a subsection, kernel-log style. */
export const subRange = (g: Geometry, sub: number): string => rangeText(g, sub, sub + 1);

export const blockOf = (g: Geometry, sub: number): number => Math.floor(sub / g.subsPerBlock);
