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
import { FingerprintSet, fingerprint } from './fingerprint.ts';
import { Journal } from './journal.ts';
import type { Property, SearchOptions, SearchResult, VectorModel } from './model.ts';
import { PackedLayout, RecordColumn, StateQueue } from './packed.ts';
import { NO_PARENT } from './trace.ts';
import { VectorSearch } from './vector-search.ts';

const CLOCK_CHECK_MASK = 4096 - 1;

/**
 * fastSearch() - explore every reachable state of a vector model breadth-first
 * @model: the system to explore
 * @properties: the invariants to check on every discovered state
 * @options: limits, early stop, progress, exact mode
 *
 * Same contract as search() in bfs.ts: the same states are found in the same order, and
 * each violated property gets the shortest trace to its first violating state.
 *
 * Return: the verdict, the counts, the violations and how the states were stored.
 */
export function fastSearch(
  model: VectorModel,
  properties: readonly Property<Uint16Array>[],
  options: SearchOptions = {},
): SearchResult<Uint16Array> {
  const run = new VectorSearch(model, properties, options);
  const exact = options.exact === true;
  const layout = new PackedLayout(model.wordBits);
  const words = layout.words;
  const cur = new Uint16Array(words);
  const journal = new Journal();
  const stepper = model.stepper(cur, journal);
  const visited = new FingerprintSet(exact);
  const queue = new StateQueue(layout);
  const kept = exact ? new RecordColumn(layout.cells) : null;
  const candidate = new Uint32Array(layout.cells);
  const store = kept === null ? undefined : {
    equals: (index: number): boolean => layout.equal(candidate, 0, kept.chunk(index), kept.offset(index)),
  };
  let lookups = 0;

  /** Records the state in `cur`, reached from state `from` by action `by`, if it is new. */
  const discover = (hi: number, lo: number, from: number, by: number, level: number): void => {
    if (kept !== null) layout.pack(cur, candidate, 0);
    if (!visited.add(hi, lo, visited.size, store)) return;
    const index = run.admit(from, by, level);
    if (index < 0) return;
    if (kept !== null) {
      const n = kept.push();
      kept.chunk(n).set(candidate, kept.offset(n));
    }
    queue.push(cur, hi, lo);
    run.check(cur, index, null, false);
  };

  model.initialStates().forEach((state, ordinal) => {
    if (run.stopped) return;
    if (state.length !== words) throw new RangeError(`hpcheck bug: initial state has ${state.length} words, not ${words}`);
    cur.set(state);
    const [hi, lo] = fingerprint(cur);
    discover(hi, lo, NO_PARENT, ordinal, 0);
  });

  const actionCount = model.actionCount;
  let level = 0;
  let levelEnd = run.states;
  for (let head = 0; queue.size > 0 && !run.stopped; head++) {
    if (head === levelEnd) {
      level++;
      levelEnd = run.states;
    }
    queue.shift(cur);
    const hi = queue.hi;
    const lo = queue.lo;
    stepper.loaded();
    if (!stepper.isTerminal()) {
      for (let id = 0; id < actionCount && !run.stopped; id++) {
        if (!stepper.apply(id)) {
          if (journal.length !== 0) throw new Error(`hpcheck bug: ${model.actionName(id)} wrote the state but was not enabled`);
          continue;
        }
        run.transitions++;
        if (journal.length === 0) continue;
        lookups++;
        discover(hi ^ journal.deltaHi, lo ^ journal.deltaLo, head, id, level + 1);
        journal.undo(cur);
      }
    }
    if ((head & CLOCK_CHECK_MASK) === 0) run.progress(queue.size);
  }

  return run.result({
    layout, collisions: exact ? visited.collisions : null, lookups,
    bytes: { visited: visited.bytes + (kept?.bytes ?? 0), queue: queue.peakBytes },
  });
}
