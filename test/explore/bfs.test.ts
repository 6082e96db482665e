import { describe, expect, it } from 'vitest';
import { search, type SearchProgress } from '../../explore/index.ts';
import {
  CRASHED,
  avoids,
  counterModel,
  crashModel,
  graphModel,
  invariant,
  lineModel,
  type Counters,
} from './toy-models.ts';
import { expectCounterexample } from './trace-check.ts';

const sumBelow = (k: number) => invariant<Counters>(`sum-below-${k}`, (s) => s.x + s.y < k);
const xBelow = (k: number) => invariant<Counters>(`x-below-${k}`, (s) => s.x < k);
const yBelow = (k: number) => invariant<Counters>(`y-below-${k}`, (s) => s.y < k);
const alwaysHolds = invariant<Counters>('always-holds', () => true);

describe('search() on a bounded two-counter model', () => {
  it('3x4 counters, no property: 20 states, 50 transitions, depth 7, verified', () => {
    const [X, Y] = [3, 4];
    const states = (X + 1) * (Y + 1);
    // increment_x from x < X, increment_y from y < Y, reset from every state but (0, 0).
    const transitions = X * (Y + 1) + (X + 1) * Y + (states - 1);
    const result = search(counterModel(X, Y), []);
    expect([states, transitions]).toEqual([20, 50]);
    expect(result).toMatchObject({ verdict: 'verified', states, transitions, depth: X + Y });
    expect(result.bounded).toBe(false);
    expect(result.violations).toEqual([]);
    expect(result.seconds).toBeGreaterThanOrEqual(0);
  });

  it('sum-below-4 alone: stops at the first depth-4 state, after 11 states and 18 transitions', () => {
    // Depth <= 3 holds 1+2+3+4 states. Depths 0..2 are expanded in full (2 + 3*2 + 3*3
    // transitions), then (3,0), first at depth 3, reaches (3,1) by its one enabled increment.
    const model = counterModel(3, 4);
    const result = search(model, [sumBelow(4)]);
    expect(result).toMatchObject({ verdict: 'violation', states: 11, transitions: 18, depth: 4 });
    expect(result.bounded).toBe(false);
    expectCounterexample(model, sumBelow(4), result.violations[0], 4);
    expect(result.violations[0]!.trace.at(-1)!.state).toEqual({ x: 3, y: 1 });
  });

  it('a property that always holds keeps the search going to the last state', () => {
    const model = counterModel(3, 4);
    const result = search(model, [sumBelow(4), alwaysHolds]);
    expect(result).toMatchObject({ verdict: 'violation', states: 20, transitions: 50, depth: 7 });
    expect(result.violations.map((v) => v.property)).toEqual(['sum-below-4']);
    expectCounterexample(model, sumBelow(4), result.violations[0], 4);
  });

  it('three properties: one shortest trace each, in argument order, stop once all fail', () => {
    const model = counterModel(3, 4);
    const properties = [sumBelow(6), xBelow(2), yBelow(1)];
    const result = search(model, properties);
    expect(result.violations.map((v) => v.property)).toEqual(['sum-below-6', 'x-below-2', 'y-below-1']);
    [6, 2, 1].forEach((depth, i) => {
      expectCounterexample(model, properties[i]!, result.violations[i], depth);
    });
    // 17 states at depth <= 5 plus (3,3); 38 transitions from the 14 states at depth <= 4,
    // then (3,2), first at depth 5, reaches (3,3) by increment_y.
    expect(result).toMatchObject({ verdict: 'violation', states: 18, transitions: 39, depth: 6 });
  });

  it('stopAtFirst: stops at (0,1), the first violating state, with that one violation', () => {
    const model = counterModel(3, 4);
    const result = search(model, [sumBelow(6), xBelow(2), yBelow(1)], { stopAtFirst: true });
    expect(result).toMatchObject({ verdict: 'violation', states: 3, transitions: 2, depth: 1 });
    expect(result.violations.map((v) => v.property)).toEqual(['y-below-1']);
    expectCounterexample(model, yBelow(1), result.violations[0], 1);
  });
});

describe('search() with maxStates', () => {
  const model = counterModel(3, 4);

  it('maxStates equal to the reachable count: verified, not bounded', () => {
    const result = search(model, [], { maxStates: 20 });
    expect(result).toMatchObject({ verdict: 'verified', bounded: false, states: 20, transitions: 50 });
  });

  it('maxStates 19: bounded when (3,4), the last state, is found; 4 transitions never tried', () => {
    // Not tried: reset from (3,3), increment_x and reset from (2,4), reset from (3,4).
    const result = search(model, [], { maxStates: 19 });
    expect(result).toMatchObject({ verdict: 'bounded', bounded: true, states: 19, transitions: 46, depth: 6 });
  });

  it('maxStates 0: bounded before the first state', () => {
    const result = search(model, [alwaysHolds], { maxStates: 0 });
    expect(result).toMatchObject({ verdict: 'bounded', bounded: true, states: 0, transitions: 0, depth: 0 });
  });

  it('a violation found before the limit: verdict violation, still bounded', () => {
    const result = search(model, [sumBelow(2), alwaysHolds], { maxStates: 5 });
    expect(result).toMatchObject({ verdict: 'violation', bounded: true, states: 5, depth: 2 });
    expectCounterexample(model, sumBelow(2), result.violations[0], 2);
  });

  it('a negative or fractional limit is a caller bug and throws', () => {
    expect(() => search(model, [], { maxStates: -1 })).toThrow(RangeError);
    expect(() => search(model, [], { maxStates: 2.5 })).toThrow(RangeError);
  });
});

describe('search() on lines, crashes and graphs', () => {
  it('a line 0..10 failing at 7: stops there with states 0..7, trace of 7 steps', () => {
    const model = lineModel(10);
    const below7 = invariant<number>('below-7', (n) => n < 7);
    const result = search(model, [below7]);
    expect(result).toMatchObject({ verdict: 'violation', states: 8, transitions: 7, depth: 7 });
    expectCounterexample(model, below7, result.violations[0], 7);
    expect(result.violations[0]!.trace.map((s) => s.state)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(result.violations[0]!.trace.slice(1).every((s) => s.action === 'step')).toBe(true);
  });

  it('crash is terminal: never expanded, 7 states and 11 transitions', () => {
    const calls: number[] = [];
    const result = search(crashModel(5, calls), []);
    // increment from 0..4, crash from 0..5; CRASHED is at depth 1, 5 at depth 5.
    expect(result).toMatchObject({ verdict: 'verified', states: 7, transitions: 11, depth: 5 });
    expect(calls).not.toContain(CRASHED);
  });

  it('a violating terminal state ends its path: the crash trace is one step', () => {
    const model = crashModel(5);
    const noCrash = invariant<number>('no-crash', (n) => n !== CRASHED);
    const result = search(model, [noCrash, invariant<number>('always-holds', () => true)]);
    expect(result).toMatchObject({ verdict: 'violation', states: 7, transitions: 11 });
    expectCounterexample(model, noCrash, result.violations[0], 1);
    expect(result.violations[0]!.trace.map((s) => s.action)).toEqual([null, 'crash']);
  });

  it('initial states 5, 0, 5 on a line to 9: the duplicate counts once, depth 4', () => {
    const result = search(lineModel(9, [5, 0, 5]), []);
    expect(result).toMatchObject({ verdict: 'verified', states: 10, transitions: 9, depth: 4 });
  });

  it('several initial states: the trace starts at the one nearest the violation', () => {
    const model = lineModel(9, [5, 0, 5]);
    const not7 = invariant<number>('not-7', (n) => n !== 7);
    const result = search(model, [not7]);
    expectCounterexample(model, not7, result.violations[0], 2);
    expect(result.violations[0]!.trace.map((s) => s.state)).toEqual([5, 6, 7]);
  });

  it('a violating initial state gives a trace of one step', () => {
    const model = lineModel(9, [0, 3]);
    const not3 = invariant<number>('not-3', (n) => n !== 3);
    const result = search(model, [not3]);
    expect(result).toMatchObject({ verdict: 'violation', states: 2, transitions: 0, depth: 0 });
    expectCounterexample(model, not3, result.violations[0], 0);
  });

  it('diamond with a long branch tried first: shortest paths, first-found parent', () => {
    // 0 -edge0-> 1 -edge0-> 3 -> 4 -> 5 is tried first; 0 -edge1-> 2 -edge1-> 5 is shorter.
    // 6 is reached from both 1 and 2; BFS finds it from 1 first.
    const model = graphModel({ edges: [[1, 2], [3, 6], [6, 5], [4], [5], [], []], initial: [0] });
    const properties = [avoids('avoid-5', [5]), avoids('avoid-6', [6])];
    const result = search(model, properties);
    expectCounterexample(model, properties[0]!, result.violations[0], 2);
    expectCounterexample(model, properties[1]!, result.violations[1], 2);
    expect(result.violations[0]!.trace.map((s) => s.state)).toEqual([0, 2, 5]);
    expect(result.violations[1]!.trace.map((s) => s.state)).toEqual([0, 1, 6]);
    expect(result.violations[0]!.trace.map((s) => s.action)).toEqual([null, 'edge1', 'edge1']);
    expect(result).toMatchObject({ states: 6, transitions: 6, depth: 2 });
  });

  it('no initial state or no action: nothing to explore, verified', () => {
    expect(search(lineModel(3, []), [])).toMatchObject({ verdict: 'verified', states: 0, depth: 0 });
    const isolated = graphModel({ edges: [[]], initial: [0] });
    expect(search(isolated, [])).toMatchObject({ verdict: 'verified', states: 1, transitions: 0 });
  });
});

describe('search() progress reports', () => {
  it('reports sane counts on a 101x101 counter when the interval is 0', () => {
    const reports: SearchProgress[] = [];
    const result = search(counterModel(100, 100), [], {
      progressIntervalMs: 0,
      onProgress: (p) => reports.push(p),
    });
    expect(result.states).toBe(101 * 101);
    expect(reports.length).toBeGreaterThan(0);
    for (const p of reports) {
      expect(p.states).toBeLessThanOrEqual(result.states);
      expect(p.transitions).toBeLessThanOrEqual(result.transitions);
      expect(p.queue).toBeGreaterThan(0);
      expect(p.depth).toBeLessThanOrEqual(result.depth);
      expect(p.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('does not report before the interval has passed', () => {
    const reports: SearchProgress[] = [];
    search(counterModel(100, 100), [], { progressIntervalMs: 1e9, onProgress: (p) => reports.push(p) });
    expect(reports).toEqual([]);
  });
});
