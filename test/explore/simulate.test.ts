/**
 * The simulation engine (explore/simulate.ts) on graphs small enough to know every walk:
 * how choices become actions, fast-check's shrinking, determinism under a seed, replay by
 * path, and the verdict when nothing is found.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../explore/index.ts';
import { simulate, walk, walkTrace } from '../../explore/simulate.ts';
import { avoids, graphModel, type GraphSpec } from './toy-models.ts';
import { decodeNode, vectorAvoids, vectorGraphModel } from './vector-models.ts';

/**
 * 0 -> 1 is the only way on (a forced step); 1 -> 2 | 3; 2 -> 4 | 5; 3 -> 0 | 6; 4 is a dead
 * end; 5 -> 1 | 2; 6 -> 0. Node 6 is reached by exactly two decisions: 3 at node 1, then 6 at
 * node 3, each the second enabled action.
 */
const SPEC: GraphSpec = { edges: [[1], [2, 3], [4, 5], [0, 6], [], [1, 2], [0]], initial: [0] };
const withProps = <S>(m: Model<S>, props: Model<S>['properties']): Model<S> => ({ ...m, properties: props });
const graph = (bad: number[]) => withProps(graphModel(SPEC), [avoids('avoid-bad', bad)]);

describe('walk(): choices to actions', () => {
  it('a step with one enabled action takes no choice; choice c takes the (c mod n)-th enabled action', () => {
    const m = graph([]);
    const w = walk(m, m.properties, [3, 0]);
    // 0 -> 1 forced; at 1, 3 mod 2 = 1 -> edge1 (node 3); at 3, 0 -> edge0 (node 0); 0 -> 1 forced; choices run out.
    expect(walkTrace(m, w.actions).map((t) => t.state)).toEqual([0, 1, 3, 0, 1]);
    expect(w).toMatchObject({ chosen: 2, end: 'choices', violation: null });
  });

  it('a dead end stops the walk, whatever choices are left', () => {
    const m = graph([]);
    const w = walk(m, m.properties, [0, 0, 5, 5]);
    expect(walkTrace(m, w.actions).map((t) => t.state)).toEqual([0, 1, 2, 4]);
    expect(w).toMatchObject({ chosen: 2, end: 'deadlock' });
  });

  it('a terminal state stops the walk', () => {
    const m = withProps(graphModel({ ...SPEC, terminal: [false, false, true] }), []);
    expect(walk(m, [], [0, 0, 0])).toMatchObject({ chosen: 1, end: 'terminal' });
  });

  it('the first property that fails ends the walk, with its message', () => {
    const m = graph([3]);
    expect(walk(m, m.properties, [1, 1, 1])).toMatchObject({ chosen: 1, end: 'violation', violation: { property: 'avoid-bad', message: 'avoid-bad violated' } });
  });
});

describe('simulate(): fast-check walks and shrinking', () => {
  it('node 6 reachable by two decisions: shrunk to exactly those two choices, the forced steps free', () => {
    const r = simulate(fc.constant(graph([6])), { runs: 200, depth: 20, seed: 42 });
    expect(r.verdict).toBe('violation');
    const cx = r.counterexample!;
    expect(cx.choices).toEqual([1, 1]);
    expect(cx.violation.trace.map((t) => t.state)).toEqual([0, 1, 3, 6]);
    expect(cx.violation.trace.map((t) => t.action)).toEqual([null, 'edge0', 'edge1', 'edge1']);
    expect(cx.foundAtSteps).toBeGreaterThanOrEqual(3);
    expect(r.path).toMatch(/^[0-9]+(:[0-9]+)*$/);
  });

  it('the same seed gives the same walks, counterexample and path', () => {
    const run = (seed: number) => simulate(fc.constant(graph([6])), { runs: 200, depth: 20, seed });
    const plain = (r: ReturnType<typeof run>) => ({ ...r, seconds: 0, counterexample: { ...r.counterexample!, model: null } });
    expect(plain(run(7))).toEqual(plain(run(7)));
  });

  it("replaying fast-check's path reproduces the counterexample from its first walk", () => {
    const first = simulate(fc.constant(graph([6])), { runs: 200, depth: 20, seed: 3 });
    const replayed = simulate(fc.constant(graph([6])), { runs: 200, depth: 20, seed: 3, path: first.path! });
    expect(replayed.walks).toBe(1);
    expect(replayed.counterexample!.choices).toEqual(first.counterexample!.choices);
    expect(replayed.path).toBe(first.path);
  });

  it('an unreachable bad node: bounded, after exactly `runs` walks, with no path', () => {
    const r = simulate(fc.constant(graph([7])), { runs: 150, depth: 10, seed: 1 });
    expect(r).toMatchObject({ verdict: 'bounded', walks: 150, path: null, counterexample: null, shrinks: 0 });
    expect(r.steps).toBeGreaterThan(150); // every walk takes at least the forced first step
  });

  it('a vector model without enabled(): each action is tried and undone; the same counterexample as the object model', () => {
    const vm = { ...vectorGraphModel(SPEC), properties: [vectorAvoids('avoid-bad', [6])] };
    const v = simulate<Uint16Array, typeof vm>(fc.constant(vm), { runs: 200, depth: 20, seed: 42 });
    const o = simulate(fc.constant(graph([6])), { runs: 200, depth: 20, seed: 42 });
    expect(v.counterexample!.choices).toEqual(o.counterexample!.choices);
    expect(v.counterexample!.violation.trace.map((t) => decodeNode(t.state))).toEqual([0, 1, 3, 6]);
    expect(v.walks).toBe(o.walks);
  });

  it('models drawn by an arbitrary are shrunk too: the smallest graph that still reaches the bad node', () => {
    // A line 0 -> 1 -> ... -> n; node 3 is bad, so every line of length 3 or more fails, and the shrunk one has length 3.
    const line = (n: number) => withProps(graphModel({ edges: Array.from({ length: n + 1 }, (_, i) => (i < n ? [i + 1] : [])), initial: [0] }), [avoids('avoid-3', [3])]);
    const r = simulate(fc.integer({ min: 0, max: 30 }).map(line), { runs: 100, depth: 5, seed: 5 });
    expect(r.counterexample!.model.actionCount).toBe(1);
    expect(r.counterexample!.violation.trace.map((t) => t.state)).toEqual([0, 1, 2, 3]);
  });

  it('a model that throws is a bug in hpcheck, not a counterexample', () => {
    const broken: Model<number> = { ...graph([]), next: () => { throw new Error('model bug'); } };
    expect(() => simulate(fc.constant(broken), { runs: 10, depth: 5, seed: 1 })).toThrow('model bug');
  });
});
