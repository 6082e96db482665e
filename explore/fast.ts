/**
 * The fast breadth-first engine, for vector models (model.ts VectorModel).
 *
 * Memory per visited state is a 64-bit fingerprint in the visited set, plus the number of
 * the state it was first reached from and the action that reached it; the states waiting
 * to be expanded sit bit-packed in a FIFO. A counterexample is rebuilt by following the
 * parent numbers back to an initial state and replaying the actions forward, as TLC does.
 *
 * The hot loop allocates nothing: the model steps one vector in place through a Journal,
 * the successor's fingerprint is the parent's XOR the journal's delta, and the journal
 * undoes the step. Only a new state is packed into the FIFO.
 *
 * With `exact`, every packed state is also kept, and states whose fingerprints match are
 * compared word for word: the count is then exact, and `collisions` says whether the
 * fingerprints alone would have merged two different states.
 */
import { ViolationLog } from './violations.ts';
import { FingerprintSet, collisionProbability, fingerprint } from './fingerprint.ts';
import { Journal } from './journal.ts';
import type {
  Property, SearchOptions, SearchResult, TraceStep, VectorModel, Violation,
} from './model.ts';
import { IntColumn, PackedLayout, RecordColumn, StateQueue, bitsFor } from './packed.ts';

const CLOCK_CHECK_MASK = 4096 - 1;
const DEFAULT_PROGRESS_INTERVAL_MS = 1000;
/** Parent number of an initial state. */
const ROOT = 0xffffffff;

export function checkLimit(maxStates: number | undefined): number {
  if (maxStates === undefined) return Infinity;
  if (maxStates === Infinity || (Number.isInteger(maxStates) && maxStates >= 0)) return maxStates;
  throw new RangeError(`hpcheck bug: maxStates must be a non-negative integer, got ${maxStates}`);
}

/**
 * fastSearch() - explore every reachable state of a vector model breadth-first
 * @model: the system to explore
 * @properties: the invariants to check on every discovered state
 * @options: limits, early stop, progress, exact mode
 *
 * Same contract as search() in bfs.ts: the same states are found in the same order, and
 * each violated property (or (property, site)) gets the shortest trace to its first violating state.
 *
 * Return: the verdict, the counts, the violations and how the states were stored.
 */
export function fastSearch(
  model: VectorModel,
  properties: readonly Property<Uint16Array>[],
  options: SearchOptions = {},
): SearchResult<Uint16Array> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const maxStates = checkLimit(options.maxStates);
  const exact = options.exact === true;
  const layout = new PackedLayout(model.wordBits);
  const words = layout.words;
  const cur = new Uint16Array(words);
  const journal = new Journal();
  const stepper = model.stepper(cur, journal);
  const visited = new FingerprintSet(exact);
  const queue = new StateQueue(layout);
  const parent = new IntColumn(32);
  const action = new IntColumn(bitsFor(Math.max(model.actionCount, model.initialStates().length)));
  const kept = exact ? new RecordColumn(layout.cells) : null;
  const candidate = new Uint32Array(layout.cells);
  const store = kept === null ? undefined : {
    equals: (index: number): boolean => layout.equal(candidate, 0, kept.chunk(index), kept.offset(index)),
  };
  const log = new ViolationLog(properties, options.stopAtFirst === true);
  let transitions = 0;
  let lookups = 0;
  let depth = 0;
  let bounded = false;
  let stopped = false;
  let lastProgress = started;

  /** Records the state in `cur`, reached from state `from` by action `by`, if it is new. */
  const discover = (hi: number, lo: number, from: number, by: number, level: number): void => {
    const index = visited.size;
    if (kept !== null) layout.pack(cur, candidate, 0);
    if (!visited.add(hi, lo, index, store)) return;
    if (index >= maxStates) {
      bounded = true;
      stopped = true;
      return;
    }
    if (kept !== null) {
      const n = kept.push();
      kept.chunk(n).set(candidate, kept.offset(n));
    }
    parent.push(from);
    action.push(by);
    queue.push(cur, hi, lo);
    if (level > depth) depth = level;
    for (let i = 0; i < properties.length && !stopped; i++) {
      if (!log.open(i)) continue;
      log.check(i, cur, () => rebuildTrace(model, parent, action, index));
      if (log.stopped) stopped = true;
    }
  };

  model.initialStates().forEach((state, ordinal) => {
    if (stopped) return;
    if (state.length !== words) throw new RangeError(`hpcheck bug: initial state has ${state.length} words, not ${words}`);
    cur.set(state);
    const [hi, lo] = fingerprint(cur);
    discover(hi, lo, ROOT, ordinal, 0);
  });

  const actionCount = model.actionCount;
  let level = 0;
  let levelEnd = parent.length;
  for (let head = 0; queue.size > 0 && !stopped; head++) {
    if (head === levelEnd) {
      level++;
      levelEnd = parent.length;
    }
    queue.shift(cur);
    const hi = queue.hi;
    const lo = queue.lo;
    stepper.loaded();
    if (!stepper.isTerminal()) {
      for (let id = 0; id < actionCount && !stopped; id++) {
        if (!stepper.apply(id)) {
          if (journal.length !== 0) throw new Error(`hpcheck bug: ${model.actionName(id)} wrote the state but was not enabled`);
          continue;
        }
        transitions++;
        if (journal.length === 0) continue;
        lookups++;
        discover(hi ^ journal.deltaHi, lo ^ journal.deltaLo, head, id, level + 1);
        journal.undo(cur);
      }
    }
    if ((head & CLOCK_CHECK_MASK) === 0 && options.onProgress !== undefined) {
      const now = performance.now();
      if (now - lastProgress >= (options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS)) {
        lastProgress = now;
        options.onProgress({ states: parent.length, transitions, queue: queue.size, depth, seconds: seconds() });
      }
    }
  }

  return vectorResult({
    found: log.violations(), states: parent.length, transitions, depth, seconds: seconds(), bounded, layout,
    collisions: exact ? visited.collisions : null, lookups,
    bytes: { visited: visited.bytes + (kept?.bytes ?? 0), queue: queue.peakBytes, trace: parent.bytes + action.bytes },
  });
}

/** What a search of a vector model ends with (fast.ts and parallel.ts). */
export interface VectorRun {
  readonly found: readonly Violation<Uint16Array>[];
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly bounded: boolean;
  readonly layout: PackedLayout;
  /** Exact mode: collisions counted; null in fingerprint mode. */
  readonly collisions: number | null;
  /** Successors looked up in the visited set, when counted (fast.ts). */
  readonly lookups?: number;
  readonly bytes: { readonly visited: number; readonly queue: number; readonly trace: number };
}

export function vectorResult(r: VectorRun): SearchResult<Uint16Array> {
  const violations = r.found;
  const exact = r.collisions !== null;
  return {
    verdict: violations.length > 0 ? 'violation' : r.bounded ? 'bounded' : 'verified',
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    seconds: r.seconds,
    bounded: r.bounded,
    violations,
    storage: {
      mode: exact ? 'exact' : 'fingerprint',
      collisionProbability: exact ? 0 : collisionProbability(r.states, r.transitions),
      collisions: r.collisions,
      bytes: r.bytes,
      stateBits: r.layout.wordBits.reduce((a, b) => a + b, 0),
      lookups: r.lookups ?? null,
    },
  };
}

/**
 * rebuildTrace() - the path that first reached state `index`, replayed from its root
 *
 * Return: the steps from an initial state (actionId null) to state `index`.
 */
export function rebuildTrace(model: VectorModel, parent: IntColumn, action: IntColumn, index: number): TraceStep<Uint16Array>[] {
  const path: number[] = [];
  let n = index;
  for (; parent.get(n) !== ROOT; n = parent.get(n)) path.push(action.get(n));
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
