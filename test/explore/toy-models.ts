/**
 * Small models for testing the engine, with state spaces that can be counted by hand.
 */
import type { Model, Property } from '../../explore/index.ts';

/** A property from a predicate that must hold, with a fixed message when it does not. */
export function invariant<S>(name: string, holds: (state: S) => boolean): Property<S> {
  return {
    name,
    statement: `${name} holds`,
    check: (state) => (holds(state) ? null : `${name} violated`),
  };
}

export interface Counters {
  readonly x: number;
  readonly y: number;
}

/**
 * counterModel() - two counters 0 <= x <= maxX, 0 <= y <= maxY
 *
 * Actions: increment_x, increment_y (each enabled below its bound), and reset back to (0, 0)
 * (enabled anywhere but (0, 0)). Every pair is reachable: (maxX+1)(maxY+1) states, BFS
 * depth x+y, so the deepest state is (maxX, maxY) at depth maxX+maxY.
 */
export function counterModel(maxX: number, maxY: number): Model<Counters> {
  const names = ['increment_x', 'increment_y', 'reset'];
  return {
    initialStates: () => [{ x: 0, y: 0 }],
    actionCount: names.length,
    actionName: (id) => names[id] ?? `action${id}`,
    next({ x, y }, id) {
      if (id === 0) return x < maxX ? { x: x + 1, y } : null;
      if (id === 1) return y < maxY ? { x, y: y + 1 } : null;
      return x !== 0 || y !== 0 ? { x: 0, y: 0 } : null;
    },
    isTerminal: () => false,
    key: ({ x, y }) => `${x},${y}`,
    toJSON: ({ x, y }) => ({ x, y }),
    properties: [],
  };
}

/**
 * lineModel() - integers from @initial, one action `step` adding 1 up to @last
 *
 * Each initial state n reaches n..last; duplicates among @initial count once.
 */
export function lineModel(last: number, initial: readonly number[] = [0]): Model<number> {
  return {
    initialStates: () => initial,
    actionCount: 1,
    actionName: () => 'step',
    next: (n) => (n < last ? n + 1 : null),
    isTerminal: () => false,
    key: (n) => String(n),
    toJSON: (n) => n,
    properties: [],
  };
}

export const CRASHED = -1;

/**
 * crashModel() - a counter 0..@last that can crash from any state
 *
 * Actions: increment (n < last) and crash (n -> CRASHED). CRASHED is terminal; if it were
 * expanded anyway, both actions would lead from it to a new state -2. @calls records every
 * state `next()` was called on.
 */
export function crashModel(last: number, calls: number[] = []): Model<number> {
  return {
    initialStates: () => [0],
    actionCount: 2,
    actionName: (id) => (id === 0 ? 'increment' : 'crash'),
    next(n, id) {
      calls.push(n);
      if (n === CRASHED) return -2;
      if (id === 0) return n < last ? n + 1 : null;
      return CRASHED;
    },
    isTerminal: (n) => n === CRASHED,
    key: (n) => String(n),
    toJSON: (n) => ({ counter: n }),
    properties: [],
  };
}

export interface GraphSpec {
  /** `edges[n][i]` is the node action i leads to from node n; null or absent: not enabled. */
  readonly edges: readonly (readonly (number | null)[])[];
  readonly initial: readonly number[];
  readonly terminal?: readonly boolean[];
}

/** graphModel() - an explicit directed graph; action i follows the i-th edge of a node. */
export function graphModel(spec: GraphSpec): Model<number> {
  return {
    initialStates: () => spec.initial,
    actionCount: Math.max(0, ...spec.edges.map((row) => row.length)),
    actionName: (id) => `edge${id}`,
    next: (n, id) => spec.edges[n]?.[id] ?? null,
    isTerminal: (n) => spec.terminal?.[n] === true,
    key: (n) => `n${n}`,
    toJSON: (n) => ({ node: n }),
    properties: [],
  };
}

/** A property of a graph model: no node in @bad is reachable. */
export function avoids(name: string, bad: readonly number[]): Property<number> {
  return invariant(name, (n) => !bad.includes(n));
}
