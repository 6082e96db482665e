/**
 * The interface between the generic checker engine and any model it explores.
 *
 * The engine never imports `model/`: it sees states as opaque values, actions as small
 * integer ids tried in ascending order (so exploration order is deterministic), and
 * properties as named predicates that return a violation message or null.
 */
import type { Journal } from './journal.ts';

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

/**
 * The fast engine's view of a model whose states are fixed-width vectors of 16-bit words.
 * The engine keeps one vector, and the model steps it in place through a Journal, which
 * lets the engine fingerprint the successor and take it back without copying (fast.ts).
 */
export interface VectorModel extends Model<Uint16Array> {
  /** Bits each word can use, 1 to 16; the vector has `wordBits.length` words. */
  readonly wordBits: readonly number[];
  /** A stepper over the vector `w`, whose every write goes through `journal.write()`. */
  stepper(w: Uint16Array, journal: Journal): Stepper;
}

export interface Stepper {
  /** The engine has put a new state into the vector. */
  loaded(): void;
  /** Applies action `id` to the vector in place; false, with nothing written, when it is not enabled. */
  apply(id: number): boolean;
  /** True when the state in the vector has no successors. */
  isTerminal(): boolean;
  /** True when action `id` is enabled in the state in the vector, without applying it (random walks; optional). */
  enabled?(id: number): boolean;
}

/**
 * isVectorModel() - whether the fast engines can run `m`: it steps Uint16Array vectors in
 * place (VectorModel).
 * Return: a type guard, so a caller holding a `Model<unknown>` gets a VectorModel.
 */
export function isVectorModel(m: Model<unknown>): m is VectorModel {
  return 'stepper' in m && 'wordBits' in m;
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
  /**
   * Vector models only: keep every state, not just its fingerprint, and compare states
   * whose fingerprints match, so the count is exact and collisions are counted.
   */
  readonly exact?: boolean;
}

/** `maxStates` as a limit: Infinity when unset; a bad value is an hpcheck bug (callers parse user input). */
export function checkLimit(maxStates: number | undefined): number {
  if (maxStates === undefined) return Infinity;
  if (maxStates === Infinity || (Number.isInteger(maxStates) && maxStates >= 0)) return maxStates;
  throw new RangeError(`hpcheck bug: maxStates must be a non-negative integer, got ${maxStates}`);
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
  /** How states were stored and deduplicated. */
  readonly storage: StorageReport;
}

export interface StorageReport {
  /** `fingerprint`: 64-bit fingerprints only; `exact`: full states; `keys`: a Set of exact keys (non-vector models). */
  readonly mode: 'fingerprint' | 'exact' | 'keys';
  /** Fingerprint mode: TLC's estimate of the chance that a state was missed. 0 when exact. */
  readonly collisionProbability: number;
  /** Exact mode: distinct states that shared a fingerprint with a stored one (null otherwise). */
  readonly collisions: number | null;
  /** Bytes of the visited set, the frontier at its largest, and the trace columns (vector models; null otherwise). */
  readonly bytes: { readonly visited: number; readonly queue: number; readonly trace: number } | null;
  /** Bits of one packed state (vector models; null otherwise). */
  readonly stateBits: number | null;
  /**
   * Fingerprint lookups in the visited set: successors that differ from their parent
   * (single-threaded fast engine only; null otherwise). Their ratio to `states` bounds the
   * speed of any engine that looks every successor up (bench/ceiling.ts).
   */
  readonly lookups?: number | null;
}
