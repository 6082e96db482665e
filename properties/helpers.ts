/** Small read-only views of a state that several properties share. */
import { rangeText } from '../model/decode.ts';
import type { Geometry } from '../model/geometry.ts';
import { Kernel } from '../model/kernel.ts';
import type { Behaviour } from '../model/kernels/behaviour.ts';
import { isPresentRam } from '../model/memory_hotplug_online.ts';
import type { Kstate } from '../model/state.ts';

/** A Kernel view of `s` itself, for kernel functions that only read (pfn_valid, valid_zones). */
export const readKernel = (s: Kstate, kb: Behaviour): Kernel => new Kernel(s, s.g, kb);

/** A Kernel view over a private copy, for kernel functions that may write (v4.10 zone moves). */
export const scratchKernel = (s: Kstate, kb: Behaviour): Kernel => new Kernel(s.copy(), s.g, kb);

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
