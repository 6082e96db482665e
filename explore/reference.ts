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
  const found: (ReferenceViolation | undefined)[] = properties.map(() => undefined);
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
    properties.forEach((property, i) => {
      const message = found[i] === undefined ? property.check(state) : null;
      if (message !== null) found[i] = { property: property.name, message, depth };
    });
    return properties.length > 0 && found.every((v) => v !== undefined);
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

  const violations = found.filter((v) => v !== undefined);
  return {
    verdict: violations.length > 0 ? 'violation' : bounded ? 'bounded' : 'verified',
    states: queue.length,
    transitions,
    depth: queue.reduce((max, entry) => Math.max(max, entry.depth), 0),
    violations,
  };
}
