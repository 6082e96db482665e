/**
 * Breadth-first explicit-state search for any model: states are objects, deduplicated by
 * their exact keys in a Set. Vector models go to the fast engine instead (fast.ts).
 *
 * States are numbered in discovery order, which is BFS order, so the state table is also the
 * FIFO frontier: the states still to expand are those from `head` to the end of the table.
 * Each state keeps the number of its parent and the action that first reached it. Properties
 * are checked when a state is discovered, and the first violating state in BFS order has the
 * smallest depth, so the trace rebuilt from the parent pointers is a shortest counterexample.
 */
import { checkLimit, type Model, type Property, type SearchOptions, type SearchResult, type Violation } from './model.ts';
import { NO_PARENT, buildTrace } from './trace.ts';

/** How many expansions pass between two looks at the clock. */
const CLOCK_CHECK_MASK = 4096 - 1;
const DEFAULT_PROGRESS_INTERVAL_MS = 1000;

/** The visited set. It is the only code that knows how states are deduplicated. */
interface Visited {
  /** Records `key`; returns false when it was recorded before. */
  add(key: string): boolean;
}

function createVisited(): Visited {
  const seen = new Set<string>();
  return {
    add(key: string): boolean {
      const size = seen.size;
      seen.add(key);
      return seen.size !== size;
    },
  };
}

/**
 * keySearch() - explore every reachable state breadth-first and check each property
 * @model: the system to explore
 * @properties: the invariants to check on every discovered state, initial states included
 * @options: limits, early stop and progress reporting
 *
 * Each violated property is reported once, with a shortest trace to its first violating
 * state in BFS order. The search ends when the frontier is empty, when every property has
 * been violated (nothing can change the verdict), at the first violation with `stopAtFirst`,
 * or when a new state is found while the table already holds `maxStates` states. A violating
 * state is still expanded unless it is terminal; terminal states are never expanded.
 *
 * Return: the verdict, the counts, and the violations in the order of @properties.
 */
export function keySearch<S>(
  model: Model<S>,
  properties: readonly Property<S>[],
  options: SearchOptions = {},
): SearchResult<S> {
  const run = new BreadthFirstRun(model, properties, options);
  run.run();
  return run.result();
}

class BreadthFirstRun<S> {
  readonly #model: Model<S>;
  readonly #properties: readonly Property<S>[];
  readonly #options: SearchOptions;
  readonly #visited = createVisited();
  readonly #states: S[] = [];
  readonly #parent: number[] = [];
  readonly #action: number[] = [];
  readonly #found: (Violation<S> | undefined)[];
  readonly #maxStates: number;
  readonly #started = performance.now();
  #lastProgress = this.#started;
  #violated = 0;
  #transitions = 0;
  #depth = 0;
  #head = 0;
  #bounded = false;
  #stopped = false;

  constructor(model: Model<S>, properties: readonly Property<S>[], options: SearchOptions) {
    this.#model = model;
    this.#properties = properties;
    this.#options = options;
    this.#found = properties.map(() => undefined);
    this.#maxStates = checkLimit(options.maxStates);
  }

  run(): void {
    for (const state of this.#model.initialStates()) {
      if (this.#stopped) return;
      this.#visit(state, NO_PARENT, NO_PARENT, 0);
    }
    let level = 0;
    let levelEnd = this.#states.length;
    while (this.#head < this.#states.length && !this.#stopped) {
      if (this.#head === levelEnd) {
        level++;
        levelEnd = this.#states.length;
      }
      this.#expand(this.#head, level);
      this.#head++;
      if ((this.#head & CLOCK_CHECK_MASK) === 0) this.#progress();
    }
  }

  result(): SearchResult<S> {
    const violations = this.#found.filter((v): v is Violation<S> => v !== undefined);
    return {
      verdict: violations.length > 0 ? 'violation' : this.#bounded ? 'bounded' : 'verified',
      states: this.#states.length,
      transitions: this.#transitions,
      depth: this.#depth,
      seconds: this.#seconds(),
      bounded: this.#bounded,
      violations,
      storage: { mode: 'keys', collisionProbability: 0, collisions: null, bytes: null, stateBits: null },
    };
  }

  /** Tries every action on state `index`, which lies at BFS depth `depth`. */
  #expand(index: number, depth: number): void {
    const state = this.#states[index] as S;
    if (this.#model.isTerminal(state)) return;
    const actionCount = this.#model.actionCount;
    for (let id = 0; id < actionCount && !this.#stopped; id++) {
      const next = this.#model.next(state, id);
      if (next === null) continue;
      this.#transitions++;
      this.#visit(next, index, id, depth + 1);
    }
  }

  /** Adds `state` to the table unless it was seen before, then checks the properties. */
  #visit(state: S, parent: number, action: number, depth: number): void {
    if (!this.#visited.add(this.#model.key(state))) return;
    if (this.#states.length >= this.#maxStates) {
      this.#bounded = true;
      this.#stopped = true;
      return;
    }
    const index = this.#states.push(state) - 1;
    this.#parent.push(parent);
    this.#action.push(action);
    if (depth > this.#depth) this.#depth = depth;
    this.#check(state, index);
  }

  /** Checks the properties not violated yet on the newly discovered state `index`. */
  #check(state: S, index: number): void {
    const properties = this.#properties;
    for (let i = 0; i < properties.length && !this.#stopped; i++) {
      const property = properties[i] as Property<S>;
      if (this.#found[i] !== undefined) continue;
      const message = property.check(state);
      if (message === null) continue;
      const table = { states: this.#states, parent: this.#parent, action: this.#action };
      const trace = buildTrace(this.#model, table, index);
      this.#found[i] = { property: property.name, message, trace };
      this.#violated++;
      if (this.#options.stopAtFirst === true || this.#violated === properties.length) {
        this.#stopped = true;
      }
    }
  }

  #progress(): void {
    const { onProgress, progressIntervalMs = DEFAULT_PROGRESS_INTERVAL_MS } = this.#options;
    if (onProgress === undefined) return;
    const now = performance.now();
    if (now - this.#lastProgress < progressIntervalMs) return;
    this.#lastProgress = now;
    onProgress({
      states: this.#states.length,
      transitions: this.#transitions,
      queue: this.#states.length - this.#head,
      depth: this.#depth,
      seconds: this.#seconds(),
    });
  }

  #seconds(): number {
    return (performance.now() - this.#started) / 1000;
  }
}
