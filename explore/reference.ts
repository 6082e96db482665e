/**
 * A deliberately naive breadth-first explorer, for differential tests of `search()`.
 *
 * It shares no code with bfs.ts: states are deduplicated by their JSON form rather than by
 * `model.key()`, the queue holds plain objects, and there are no parent pointers. It follows
 * the same rules for when to stop, so that both explorers report the same counts.
 */
import type { Model, Property, Verdict } from './model.ts';

export interface ReferenceViolation {
  readonly property: string;
  readonly message: string;
  /** BFS depth of the first violating state: the length of a shortest counterexample. */
  readonly depth: number;
  readonly site?: string;
}

export interface ReferenceResult {
  readonly verdict: Verdict;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly violations: readonly ReferenceViolation[];
}

/**
 * referenceSearch() - explore breadth-first, as plainly as possible
 * @model: the system to explore
 * @properties: the invariants to check on every discovered state
 * @options: `maxStates` as in `search()`
 *
 * Return: the verdict, the counts and, for each violated property in the order of
 * @properties, the depth of its first violation.
 */
export function referenceSearch<S>(
  model: Model<S>,
  properties: readonly Property<S>[],
  options: { readonly maxStates?: number } = {},
): ReferenceResult {
  const limit = options.maxStates ?? Infinity;
  const seen = new Set<string>();
  const queue: { state: S; depth: number }[] = [];
  const found: ReferenceViolation[] = [];
  const keys = new Set<string>();
  const sited = properties.some((p) => p.site !== undefined);
  let transitions = 0;
  let bounded = false;

  /** Records a state; returns true when the search must stop. */
  function discover(state: S, depth: number): boolean {
    const key = JSON.stringify(model.toJSON(state));
    if (seen.has(key)) return false;
    if (queue.length >= limit) {
      bounded = true;
      return true;
    }
    seen.add(key);
    queue.push({ state, depth });
    for (const property of properties) {
      const message = property.check(state);
      if (message === null) continue;
      const site = property.site?.(state) ?? null;
      const key = site === null ? property.name : `${property.name} @ ${site}`;
      if (keys.has(key)) continue;
      keys.add(key);
      found.push({ property: property.name, message, depth, ...(site === null ? {} : { site }) });
    }
    return !sited && properties.length > 0 && properties.every((p) => keys.has(p.name));
  }

  let stop = false;
  for (const state of model.initialStates()) {
    if (!stop) stop = discover(state, 0);
  }
  for (let i = 0; i < queue.length && !stop; i++) {
    const { state, depth } = queue[i]!;
    if (model.isTerminal(state)) continue;
    for (let id = 0; id < model.actionCount && !stop; id++) {
      const next = model.next(state, id);
      if (next === null) continue;
      transitions++;
      stop = discover(next, depth + 1);
    }
  }

  const order = (v: ReferenceViolation): number => properties.findIndex((p) => p.name === v.property);
  const violations = found.map((v, n) => ({ v, n })).sort((a, b) => order(a.v) - order(b.v) || a.n - b.n).map((x) => x.v);
  return {
    verdict: violations.length > 0 ? 'violation' : bounded ? 'bounded' : 'verified',
    states: queue.length,
    transitions,
    depth: queue.reduce((max, entry) => Math.max(max, entry.depth), 0),
    violations,
  };
}
