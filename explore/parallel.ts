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
import { ViolationLog } from './violations.ts';
import { checkLimit, fastSearch, rebuildTrace, vectorResult } from './fast.ts';
import { FingerprintSet, fingerprint } from './fingerprint.ts';
import { Journal } from './journal.ts';
import type { Property, SearchOptions, SearchResult, VectorModel } from './model.ts';
import { IntColumn, PackedLayout, bitsFor } from './packed.ts';
import type { ExpandResult, ExpandTask } from './parallel-worker.ts';
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
const ROOT = 0xffffffff;

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
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const maxStates = checkLimit(options.maxStates);
  const layout = new PackedLayout(model.wordBits);
  const cells = layout.cells;
  const stride = cells + 2;
  const record = cells + 5;
  const cur = new Uint16Array(layout.words);
  const journal = new Journal();
  const stepper = model.stepper(cur, journal);
  const visited = new FingerprintSet(false, true);
  const parent = new IntColumn(32);
  const action = new IntColumn(bitsFor(Math.max(model.actionCount, model.initialStates().length)));
  const log = new ViolationLog(properties, options.stopAtFirst === true);
  let transitions = 0;
  let depth = 0;
  let bounded = false;
  let stopped = false;
  let peakQueueBytes = 0;
  let lastProgress = started;

  const pool = createWorkerPool<ExpandTask, ExpandResult>(siblingModule(import.meta.url, 'parallel-worker'), options.workers);

  /**
   * Accepts a state reached from state `from` by action `by` if it is new: the state in
   * `cur`, or packed in `packed` at `at`. `bits` marks the properties it violates.
   */
  const discover = (hi: number, lo: number, from: number, by: number, level: number, next: LevelBuffer,
    packed: Uint32Array | null, at: number, bits: number): void => {
    const index = visited.size;
    if (!visited.add(hi, lo)) return;
    if (index >= maxStates) {
      bounded = true;
      stopped = true;
      return;
    }
    parent.push(from);
    action.push(by);
    const slot = next.reserve();
    if (packed === null) layout.pack(cur, next.cells, slot);
    else next.cells.set(packed.subarray(at, at + cells), slot);
    next.cells[slot + cells] = hi;
    next.cells[slot + cells + 1] = lo;
    if (level > depth) depth = level;
    for (let i = 0; i < properties.length && !stopped; i++) {
      if (!log.open(i) || (bits & (1 << i)) === 0) continue;
      if (packed !== null) layout.unpack(packed, at, cur);
      const message = log.check(i, cur, () => rebuildTrace(model, parent, action, index));
      if (message === null) throw new Error(`hpcheck bug: a worker saw ${properties[i]!.name} violated, this thread did not`);
      if (log.stopped) stopped = true;
    }
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
      if (stopped) return;
      cur.set(state);
      const [hi, lo] = fingerprint(cur);
      const check = properties.reduce((m, p, i) => (p.check(cur) === null ? m : m | (1 << i)), 0);
      discover(hi, lo, ROOT, ordinal, 0, frontier, null, 0, check);
    });
    let base = 0;
    for (let level = 0; frontier.length > 0 && !stopped; level++) {
      const next = new LevelBuffer(stride, Math.max(1024, frontier.length));
      peakQueueBytes = Math.max(peakQueueBytes, frontier.bytes + next.bytes);
      const n = frontier.length;
      const slices = n < MIN_PARALLEL_LEVEL ? 1 : Math.min(n, options.workers * SLICES_PER_WORKER);
      const check = log.openMask();
      const table = visited.table;
      const tasks: Promise<ExpandResult>[] = [];
      for (let k = 0; k < slices; k++) {
        const task: ExpandTask = {
          module: options.worker.module, spec: options.worker.spec, properties: properties.map((p) => p.name),
          check, table, frontier: frontier.cells, from: Math.floor((k * n) / slices), to: Math.floor(((k + 1) * n) / slices),
        };
        tasks.push(pool.run(task));
      }
      for (let k = 0; k < slices && !stopped; k++) {
        const from = Math.floor((k * n) / slices);
        const r = await tasks[k]!;
        let p = 0; // parents of the slice whose enabled actions are counted in `transitions`
        for (let c = 0; c < r.count && !stopped; c++) {
          const at = c * record;
          const local = r.candidates[at]!;
          for (; p < local; p++) transitions += r.enabled[p]!;
          const id = r.candidates[at + 1]!;
          discover(r.candidates[at + 2]!, r.candidates[at + 3]!, base + from + local, id, level + 1, next,
            r.candidates, at + 5, r.candidates[at + 4]!);
          if (stopped) transitions += enabledUpTo(frontier, from + local, id);
        }
        if (!stopped) for (; p < r.enabled.length; p++) transitions += r.enabled[p]!;
        if (options.onProgress !== undefined && performance.now() - lastProgress >= (options.progressIntervalMs ?? 1000)) {
          lastProgress = performance.now();
          options.onProgress({ states: parent.length, transitions, queue: n - from + next.length, depth, seconds: seconds() });
        }
      }
      await Promise.allSettled(tasks);
      base += n;
      frontier = next;
    }
  } finally {
    await pool.destroy();
  }

  return vectorResult({
    found: log.violations(), states: parent.length, transitions, depth, seconds: seconds(), bounded, layout, collisions: null,
    bytes: { visited: visited.bytes, queue: peakQueueBytes, trace: parent.bytes + action.bytes },
  });
}
