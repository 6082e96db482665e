/**
 * Parallel breadth-first search with worker threads, level by level.
 *
 * The main thread owns the visited set (on shared memory) and numbers the states. For each
 * BFS level it cuts the level's states into slices, and workers (piscina) expand them: a
 * worker steps every state of its slice, drops the successors the visited set already held
 * when the level began, checks the properties on the rest, and sends them back packed.
 * The main thread then takes the slices in order, and within a slice the candidates in
 * (parent, action) order, which is exactly the order in which the one-thread engine
 * (fast.ts) discovers states. So every worker count gives the same states, the same
 * numbers, the same counts and the same shortest traces.
 *
 * The engine knows nothing of the model: each worker builds its own copy by importing the
 * module named in `worker.module` and calling its `createModel(worker.spec)`.
 */
import { fastSearch } from './fast.ts';
import { FingerprintSet, fingerprint } from './fingerprint.ts';
import { Journal } from './journal.ts';
import type { Property, SearchOptions, SearchResult, VectorModel } from './model.ts';
import { PackedLayout } from './packed.ts';
import type { ExpandResult, ExpandTask } from './parallel-worker.ts';
import { NO_PARENT } from './trace.ts';
import { VectorSearch } from './vector-search.ts';
import { createWorkerPool, siblingModule } from './worker-pool.ts';

export interface ParallelOptions extends SearchOptions {
  /** Worker threads; 1 runs fast.ts on this thread. */
  readonly workers: number;
  /** How a worker builds the same model: a module URL exporting `createModel(spec)`, and the spec. */
  readonly worker: { readonly module: string; readonly spec: unknown };
}

/** Slices per worker and level, so that a slow slice does not leave the others idle. */
const SLICES_PER_WORKER = 4;
/** A level smaller than this is expanded on the main thread. */
const MIN_PARALLEL_LEVEL = 512;

/** A growable array of level records (packed state, hi, lo) on shared memory. */
class LevelBuffer {
  cells: Uint32Array;
  length = 0;
  constructor(readonly stride: number, capacity = 1024) {
    this.cells = new Uint32Array(new SharedArrayBuffer(4 * stride * capacity));
  }
  get bytes(): number { return this.cells.byteLength; }
  /** Makes room for one more record; returns where it starts. */
  reserve(): number {
    if ((this.length + 1) * this.stride > this.cells.length) {
      const bigger = new Uint32Array(new SharedArrayBuffer(this.cells.byteLength * 2));
      bigger.set(this.cells);
      this.cells = bigger;
    }
    return this.length++ * this.stride;
  }
}

/**
 * parallelSearch() - search() on several threads, with the results of one
 * @model: the model, on this thread (initial states, traces, messages)
 * @properties: the invariants to check, a subset of `model.properties` (found by name in workers)
 * @options: as for search(), plus the worker count and how workers build the model
 *
 * Exact mode and a single worker run fastSearch() on this thread.
 * Return: the same result fastSearch() gives.
 */
export async function parallelSearch(
  model: VectorModel,
  properties: readonly Property<Uint16Array>[],
  options: ParallelOptions,
): Promise<SearchResult<Uint16Array>> {
  if (options.workers <= 1 || options.exact === true) return fastSearch(model, properties, options);
  if (properties.length > 31) throw new RangeError('hpcheck bug: parallel search checks at most 31 properties');
  const run = new VectorSearch(model, properties, options);
  const layout = new PackedLayout(model.wordBits);
  const cells = layout.cells;
  const stride = cells + 2;
  const record = cells + 5;
  const cur = new Uint16Array(layout.words);
  const journal = new Journal();
  const stepper = model.stepper(cur, journal);
  const visited = new FingerprintSet(false, true);
  let peakQueueBytes = 0;

  const pool = createWorkerPool<ExpandTask, ExpandResult>(siblingModule(import.meta.url, 'parallel-worker'), options.workers);

  /**
   * Accepts a state reached from state `from` by action `by` if it is new: the state in
   * `cur`, or packed in `packed` at `at`. `bits` marks the properties a worker found it
   * violates; null for an initial state, which this thread checks itself.
   */
  const discover = (hi: number, lo: number, from: number, by: number, level: number, next: LevelBuffer,
    packed: Uint32Array | null, at: number, bits: number | null): void => {
    if (!visited.add(hi, lo)) return;
    const index = run.admit(from, by, level);
    if (index < 0) return;
    const slot = next.reserve();
    if (packed === null) layout.pack(cur, next.cells, slot);
    else next.cells.set(packed.subarray(at, at + cells), slot);
    next.cells[slot + cells] = hi;
    next.cells[slot + cells + 1] = lo;
    if (bits === 0) return;
    if (packed !== null) layout.unpack(packed, at, cur);
    run.check(cur, index, bits, bits !== null);
  };

  /** Actions of state `n` of `level` enabled up to and including `last`. */
  const enabledUpTo = (level: LevelBuffer, n: number, last: number): number => {
    layout.unpack(level.cells, n * stride, cur);
    stepper.loaded();
    if (stepper.isTerminal()) return 0;
    let count = 0;
    for (let id = 0; id <= last; id++) {
      if (!stepper.apply(id)) continue;
      count++;
      journal.undo(cur);
    }
    return count;
  };

  try {
    let frontier = new LevelBuffer(stride);
    model.initialStates().forEach((state, ordinal) => {
      if (run.stopped) return;
      cur.set(state);
      const [hi, lo] = fingerprint(cur);
      discover(hi, lo, NO_PARENT, ordinal, 0, frontier, null, 0, null);
    });
    let base = 0;
    for (let level = 0; frontier.length > 0 && !run.stopped; level++) {
      const next = new LevelBuffer(stride, Math.max(1024, frontier.length));
      peakQueueBytes = Math.max(peakQueueBytes, frontier.bytes + next.bytes);
      const n = frontier.length;
      const slices = n < MIN_PARALLEL_LEVEL ? 1 : Math.min(n, options.workers * SLICES_PER_WORKER);
      const check = run.found.reduce((m, f, i) => (f === undefined ? m | (1 << i) : m), 0);
      const table = visited.table;
      const tasks: Promise<ExpandResult>[] = [];
      for (let k = 0; k < slices; k++) {
        const task: ExpandTask = {
          module: options.worker.module, spec: options.worker.spec, properties: properties.map((p) => p.name),
          check, table, frontier: frontier.cells, from: Math.floor((k * n) / slices), to: Math.floor(((k + 1) * n) / slices),
        };
        tasks.push(pool.run(task));
      }
      for (let k = 0; k < slices && !run.stopped; k++) {
        const from = Math.floor((k * n) / slices);
        const r = await tasks[k]!;
        let p = 0; // parents of the slice whose enabled actions are counted in `transitions`
        for (let c = 0; c < r.count && !run.stopped; c++) {
          const at = c * record;
          const local = r.candidates[at]!;
          for (; p < local; p++) run.transitions += r.enabled[p]!;
          const id = r.candidates[at + 1]!;
          discover(r.candidates[at + 2]!, r.candidates[at + 3]!, base + from + local, id, level + 1, next,
            r.candidates, at + 5, r.candidates[at + 4]!);
          if (run.stopped) run.transitions += enabledUpTo(frontier, from + local, id);
        }
        if (!run.stopped) for (; p < r.enabled.length; p++) run.transitions += r.enabled[p]!;
        run.progress(n - from + next.length);
      }
      await Promise.allSettled(tasks);
      base += n;
      frontier = next;
    }
  } finally {
    await pool.destroy();
  }

  return run.result({ layout, collisions: null, bytes: { visited: visited.bytes, queue: peakQueueBytes } });
}
