/**
 * Pruned search (SearchOptions.prune): a state that violates a checked property is not
 * expanded. Checked on a graph where it matters, and on random graphs against a plain
 * breadth-first search written here, on both engines (key set and fingerprints).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { search, type Model, type Property, type SearchResult } from '../../explore/index.ts';
import { avoids, graphModel, type GraphSpec } from './toy-models.ts';
import { vectorAvoids, vectorGraphModel } from './vector-models.ts';

/** Node 3 is reached in two steps through node 1, and in three avoiding it. */
const DETOUR: GraphSpec = { edges: [[1, 2], [3], [4], [], [3]], initial: [0] };

const summary = <S>(r: SearchResult<S>) => ({
  verdict: r.verdict, states: r.states, transitions: r.transitions, exploration: r.exploration, pruned: r.pruned,
  violations: r.violations.map((v) => [v.property, v.trace.map((t) => t.action)]),
});

describe('pruned search on a graph where it matters', () => {
  const bad1 = avoids('not-1', [1]);
  const bad3 = avoids('not-3', [3]);
  // A search stops once every property is violated; this one never is, so both run to the end.
  const never = avoids('never', [99]);
  it('complete: not-3 is violated in two steps, through node 1', () => {
    expect(summary(search(graphModel(DETOUR), [bad1, bad3, never]))).toEqual({
      verdict: 'violation', states: 5, transitions: 5, exploration: 'complete', pruned: 0,
      violations: [['not-1', [null, 'edge0']], ['not-3', [null, 'edge0', 'edge0']]],
    });
  });
  it('pruned: node 1 is not expanded, so not-3 takes the three-step detour', () => {
    const r = summary(search(graphModel(DETOUR), [bad1, bad3, never], { prune: true }));
    expect(r).toEqual({
      verdict: 'violation', states: 5, transitions: 4, exploration: 'pruned', pruned: 2,
      violations: [['not-1', [null, 'edge0']], ['not-3', [null, 'edge1', 'edge0', 'edge0']]],
    });
    const fast = summary(search(vectorGraphModel(DETOUR), [vectorAvoids('not-1', [1]), vectorAvoids('not-3', [3]), vectorAvoids('never', [99])], { prune: true }));
    expect(fast).toEqual(r);
  });
  it('pruned: a violation reachable only through another is not found', () => {
    const only: GraphSpec = { edges: [[1, 2], [3], [], []], initial: [0] };
    expect(summary(search(graphModel(only), [bad1, bad3])).violations.map(([p]) => p)).toEqual(['not-1', 'not-3']);
    expect(summary(search(graphModel(only), [bad1, bad3], { prune: true })).violations.map(([p]) => p)).toEqual(['not-1']);
  });
});

/**
 * Breadth-first search that does not expand violating states, and stops, as the engines do,
 * once every property is violated: the counts and the depth of each first violation.
 */
function prunedReference(spec: GraphSpec, bad: readonly (readonly number[])[]) {
  const depth = new Map<number, number>();
  const queue: number[] = [];
  const first = bad.map(() => -1);
  let transitions = 0;
  const visit = (n: number, d: number): boolean => {
    if (depth.has(n)) return false;
    depth.set(n, d);
    queue.push(n);
    bad.forEach((b, i) => { if (b.includes(n) && first[i] === -1) first[i] = d; });
    return first.every((x) => x >= 0);
  };
  const result = () => ({ states: depth.size, transitions, depths: first.flatMap((d, i) => (d < 0 ? [] : [[`bad${i}`, d] as const])) });
  for (const n of spec.initial) if (visit(n, 0)) return result();
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    if (spec.terminal?.[n] === true || bad.some((b) => b.includes(n))) continue;
    for (const to of spec.edges[n] ?? []) {
      if (to === null) continue;
      transitions++;
      if (visit(to, depth.get(n)! + 1)) return result();
    }
  }
  return result();
}

const randomGraph = fc.integer({ min: 1, max: 20 }).chain((n) => {
  const node = fc.integer({ min: 0, max: n - 1 });
  return fc.record({
    edges: fc.array(fc.array(fc.option(node, { nil: null }), { maxLength: 4 }), { minLength: n, maxLength: n }),
    initial: fc.array(node, { minLength: 1, maxLength: 3 }),
    terminal: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    bad: fc.array(fc.uniqueArray(node, { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  });
});

function run<S>(model: Model<S>, properties: readonly Property<S>[], prune: boolean) {
  const r = search(model, properties, { prune });
  return { states: r.states, transitions: r.transitions, depths: r.violations.map((v) => [v.property, v.trace.length - 1] as const) };
}

describe('pruned search on random graphs', () => {
  it('matches a pruned BFS on both engines, and equals the complete search when nothing is violated', () => {
    fc.assert(fc.property(randomGraph, (g) => {
      const keyed = run(graphModel(g), g.bad.map((b, i) => avoids(`bad${i}`, b)), true);
      const fast = run(vectorGraphModel(g), g.bad.map((b, i) => vectorAvoids(`bad${i}`, b)), true);
      const expected = prunedReference(g, g.bad);
      expect(keyed).toEqual(expected);
      expect(fast).toEqual(expected);
      const complete = run(graphModel(g), g.bad.map((b, i) => avoids(`bad${i}`, b)), false);
      if (complete.depths.length === 0) expect(keyed).toEqual(complete);
      // Every violation a pruned search finds is one the complete search finds, never earlier.
      for (const [p, d] of keyed.depths) expect(complete.depths.find(([q]) => q === p)![1]).toBeLessThanOrEqual(d);
    }), { numRuns: 300 });
  });
});
