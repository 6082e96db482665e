/**
 * The interface between the generic checker engine and any model it explores.
 *
 * The engine never imports `model/`: it sees states as opaque values, actions as small
 * integer ids tried in ascending order (so exploration order is deterministic), and
 * properties as named predicates that return a violation message or null.
 */

/** A named invariant over a single state. */
export interface Property<S> {
  /** Stable name, used in output and tests, e.g. `link-consistency`. */
  readonly name: string;
  /** One-line statement of what must hold. */
  readonly statement: string;
  /** Returns null when the property holds in `state`, else a message saying what is wrong. */
  check(state: S): string | null;
}

export interface Model<S> {
  /** Initial states, in a deterministic order. */
  initialStates(): readonly S[];
  /** Actions are the ids 0 .. actionCount-1; the engine tries them in that order. */
  readonly actionCount: number;
  /** Human-readable name of an action, e.g. `online_pages(memory3, online_movable)`. */
  actionName(id: number): string;
  /** The successor of `state` under action `id`, or null when the action is not enabled. */
  next(state: S, id: number): S | null;
  /** True for a state with no successors, for example one where the kernel crashed. */
  isTerminal(state: S): boolean;
  /** An exact key: two states are equal iff their keys are equal. */
  key(state: S): string;
  /** A readable, JSON-serialisable form of the state; distinct states give distinct forms. */
  toJSON(state: S): unknown;
  /** The properties this model can check. */
  readonly properties: readonly Property<S>[];
}

export type Verdict = 'verified' | 'violation' | 'bounded';

/** One step of a counterexample: the action taken (null for the initial state) and the state it led to. */
export interface TraceStep<S> {
  readonly actionId: number | null;
  readonly action: string | null;
  readonly state: S;
}

export interface Violation<S> {
  readonly property: string;
  readonly message: string;
  /** trace[0] is an initial state; the last step is the first state violating the property. */
  readonly trace: readonly TraceStep<S>[];
}

export interface SearchProgress {
  readonly states: number;
  readonly transitions: number;
  readonly queue: number;
  readonly depth: number;
  readonly seconds: number;
}

export interface SearchOptions {
  /** Stop once this many distinct states were found; the verdict is then `bounded` unless a violation was found. */
  readonly maxStates?: number;
  /** Stop at the first violation of any property. */
  readonly stopAtFirst?: boolean;
  /** Called about every `progressIntervalMs` during a long search. */
  readonly onProgress?: (p: SearchProgress) => void;
  readonly progressIntervalMs?: number;
}

export interface SearchResult<S> {
  readonly verdict: Verdict;
  /** Distinct states found (including initial states). */
  readonly states: number;
  /** Enabled (state, action) pairs explored. */
  readonly transitions: number;
  /** The largest BFS depth reached (initial states are depth 0). */
  readonly depth: number;
  readonly seconds: number;
  /** True when a limit stopped the search before the reachable set was exhausted. */
  readonly bounded: boolean;
  /** One entry per violated property, in the order of `model.properties`, each with a shortest trace. */
  readonly violations: readonly Violation<S>[];
}
