/**
 * lockdep's dependency graph as the state records it: the edges, and a cycle in them.
 *
 * Kernel: kernel/locking/lockdep.c check_noncircular() searches from the new lock for the
 * held one; a path closes a cycle and lockdep prints "possible circular locking dependency".
 */
import { RES_COUNT, type Res } from './locks.ts';
import type { LockState } from './state.ts';

/** Every recorded "to taken while holding from", in id order. */
export function edges(s: LockState): [Res, Res][] {
  const out: [Res, Res][] = [];
  for (let a = 0; a < RES_COUNT; a++) for (let b = 0; b < RES_COUNT; b++) if (s.hasEdge(a as Res, b as Res)) out.push([a as Res, b as Res]);
  return out;
}

/** A shortest path of one or more edges from `from` to `to` (breadth-first, lowest ids first), or null. */
export function path(s: LockState, from: Res, to: Res): Res[] | null {
  const prev = new Map<Res, Res>();
  const queue: Res[] = [];
  const visit = (a: Res): void => {
    for (let b = 0 as Res; b < RES_COUNT; b++) {
      if (s.hasEdge(a, b) && !prev.has(b)) { prev.set(b, a); queue.push(b); }
    }
  };
  visit(from);
  while (queue.length && !prev.has(to)) visit(queue.shift()!);
  if (!prev.has(to)) return null;
  const out: Res[] = [to];
  for (let x = to; ;) {
    const p = prev.get(x)!;
    out.unshift(p);
    if (p === from) return out;
    x = p;
  }
}

/**
 * findCycle() - the shortest cycle through the lowest-numbered lock that is on one
 *
 * Return: [a, b, ..., a] or null when the graph is acyclic.
 */
export function findCycle(s: LockState): Res[] | null {
  let best: Res[] | null = null;
  for (let a = 0; a < RES_COUNT; a++) {
    const c = path(s, a as Res, a as Res);
    if (c !== null && (best === null || c.length < best.length)) best = c;
  }
  return best;
}
