/**
 * What the two vector engines share: the one-thread engine (fast.ts) and the parallel one
 * (parallel.ts) differ in how they expand states and keep the frontier, not in what they
 * do with a new state. Both hand every state their visited set accepts to one
 * VectorSearch, in discovery order, which
 * - numbers it and keeps its parent and the action that reached it (parent pointers in
 *   bit-packed columns, so a trace costs 4 + 1..4 bytes per state);
 * - stops the search as bounded once `maxStates` states are stored;
 * - checks the properties not violated yet and rebuilds the shortest trace of a violation;
 * - reports progress and builds the result.
 * That is why every worker count gives the same numbers, counts and traces.
 */
import { collisionProbability } from './fingerprint.ts';
import { checkLimit, type Property, type SearchOptions, type SearchResult, type TraceStep, type VectorModel, type Violation } from './model.ts';
import { IntColumn, bitsFor, type PackedLayout } from './packed.ts';
import { NO_PARENT } from './trace.ts';

const DEFAULT_PROGRESS_INTERVAL_MS = 1000;

/** How an engine stored its states, for the result's storage report. */
export interface VectorStorage {
  readonly layout: PackedLayout;
  /** Exact mode: collisions counted; null in fingerprint mode. */
  readonly collisions: number | null;
  /** Successors looked up in the visited set, when counted (fast.ts). */
  readonly lookups?: number;
  /** Bytes of the visited set and of the frontier at its largest; the trace columns are added here. */
  readonly bytes: { readonly visited: number; readonly queue: number };
}

export class VectorSearch {
  /** parent.get(n): the number of the state state n was first reached from, or NO_PARENT. */
  readonly parent = new IntColumn(32);
  /** action.get(n): the action that reached state n; for an initial state, its ordinal. */
  readonly action: IntColumn;
  readonly found: (Violation<Uint16Array> | undefined)[];
  /** Enabled (state, action) pairs explored; the engines count them. */
  transitions = 0;
  depth = 0;
  bounded = false;
  /** Set when the search must end: the limit, the first violation with `stopAtFirst`, or every property violated. */
  stopped = false;
  readonly #maxStates: number;
  readonly #started = performance.now();
  #lastProgress = this.#started;
  #violated = 0;

  constructor(
    readonly model: VectorModel,
    readonly properties: readonly Property<Uint16Array>[],
    readonly options: SearchOptions,
  ) {
    this.#maxStates = checkLimit(options.maxStates);
    this.action = new IntColumn(bitsFor(Math.max(model.actionCount, model.initialStates().length)));
    this.found = properties.map(() => undefined);
  }

  /** States numbered so far. */
  get states(): number { return this.parent.length; }

  seconds(): number { return (performance.now() - this.#started) / 1000; }

  /**
   * admit() - number a state the visited set has just accepted
   * @from: the number of the state it was reached from, or NO_PARENT for an initial state
   * @by: the action that reached it; for an initial state, its ordinal
   * @level: its BFS depth
   *
   * Return: its number; -1 when `maxStates` states are already stored: the search is then
   * bounded and stopped.
   */
  admit(from: number, by: number, level: number): number {
    const index = this.parent.length;
    if (index >= this.#maxStates) {
      this.bounded = true;
      this.stopped = true;
      return -1;
    }
    this.parent.push(from);
    this.action.push(by);
    if (level > this.depth) this.depth = level;
    return index;
  }

  /**
   * check() - check state `index`, held in `state`, against the properties not violated yet
   * @mask: only the properties whose bit is set; null for all
   * @confirm: every property in @mask is known to be violated (a worker checked it), so one
   * that holds here is an hpcheck bug
   *
   * Records each violation with the shortest trace to `index`, and stops the search at the
   * first one with `stopAtFirst` or once every property is violated.
   */
  check(state: Uint16Array, index: number, mask: number | null, confirm: boolean): void {
    const properties = this.properties;
    for (let i = 0; i < properties.length && !this.stopped; i++) {
      if (this.found[i] !== undefined || (mask !== null && (mask & (1 << i)) === 0)) continue;
      const property = properties[i]!;
      const message = property.check(state);
      if (message === null) {
        if (confirm) throw new Error(`hpcheck bug: a worker saw ${property.name} violated, this thread did not`);
        continue;
      }
      this.found[i] = { property: property.name, message, trace: rebuildTrace(this.model, this.parent, this.action, index) };
      this.#violated++;
      if (this.options.stopAtFirst === true || this.#violated === properties.length) this.stopped = true;
    }
  }

  /** Calls `onProgress` if the interval has passed since the last call. @queue: states waiting. */
  progress(queue: number): void {
    const { onProgress, progressIntervalMs = DEFAULT_PROGRESS_INTERVAL_MS } = this.options;
    if (onProgress === undefined) return;
    const now = performance.now();
    if (now - this.#lastProgress < progressIntervalMs) return;
    this.#lastProgress = now;
    onProgress({ states: this.states, transitions: this.transitions, queue, depth: this.depth, seconds: this.seconds() });
  }

  result(storage: VectorStorage): SearchResult<Uint16Array> {
    const violations = this.found.filter((v): v is Violation<Uint16Array> => v !== undefined);
    const exact = storage.collisions !== null;
    return {
      verdict: violations.length > 0 ? 'violation' : this.bounded ? 'bounded' : 'verified',
      states: this.states,
      transitions: this.transitions,
      depth: this.depth,
      seconds: this.seconds(),
      bounded: this.bounded,
      violations,
      storage: {
        mode: exact ? 'exact' : 'fingerprint',
        collisionProbability: exact ? 0 : collisionProbability(this.states, this.transitions),
        collisions: storage.collisions,
        bytes: { ...storage.bytes, trace: this.parent.bytes + this.action.bytes },
        stateBits: storage.layout.wordBits.reduce((a, b) => a + b, 0),
        lookups: storage.lookups ?? null,
      },
    };
  }
}

/**
 * rebuildTrace() - the path that first reached state `index`, replayed from its root
 *
 * Only the actions are stored: the states are rebuilt with `model.next()`, as TLC does.
 * Return: the steps from an initial state (actionId null) to state `index`.
 */
export function rebuildTrace(model: VectorModel, parent: IntColumn, action: IntColumn, index: number): TraceStep<Uint16Array>[] {
  const path: number[] = [];
  let n = index;
  for (; parent.get(n) !== NO_PARENT; n = parent.get(n)) path.push(action.get(n));
  const root = model.initialStates()[action.get(n)];
  if (root === undefined) throw new Error(`hpcheck bug: no initial state ${action.get(n)}`);
  const steps: TraceStep<Uint16Array>[] = [{ actionId: null, action: null, state: root.slice() }];
  let state = root;
  for (const id of path.reverse()) {
    const next = model.next(state, id);
    if (next === null) throw new Error(`hpcheck bug: replaying ${model.actionName(id)} found it disabled`);
    steps.push({ actionId: id, action: model.actionName(id), state: next });
    state = next;
  }
  return steps;
}
