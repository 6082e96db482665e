/**
 * Runs sweep tasks on a worker pool (piscina), or in-process with one job.
 *
 * Tasks are handed out in the order given (smallest layouts first) with a bounded number in
 * flight, and each record is passed to `onRecord` as it completes, so an interrupted sweep
 * has written every run that finished.
 */
import { availableParallelism } from 'node:os';
import { createWorkerPool, siblingModule } from '../explore/worker-pool.ts';
import { runTask, type RunRecord, type RunTask } from './run.ts';

export interface PoolOptions {
  /** Worker threads; 1 runs every task in this thread. */
  readonly jobs: number;
  readonly onRecord: (r: RunRecord) => void;
  /** Polled between tasks; true stops handing out new ones. */
  readonly stopped?: () => boolean;
}

export const defaultJobs = (): number => Math.max(1, availableParallelism());

/** runTasks() - run every task; resolves once all handed-out tasks have finished. */
export async function runTasks(tasks: readonly RunTask[], o: PoolOptions): Promise<void> {
  const stopped = o.stopped ?? (() => false);
  if (o.jobs <= 1) {
    for (const t of tasks) {
      // A run is synchronous and its promise settles in a microtask: without a turn of the
      // event loop between runs, a SIGINT handler (Ctrl-C) would never run.
      await new Promise((resume) => setImmediate(resume));
      if (stopped()) return;
      o.onRecord(await runTask(t));
    }
    return;
  }
  const pool = createWorkerPool<RunTask, RunRecord>(siblingModule(import.meta.url, 'task'), o.jobs);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length && !stopped()) {
      const t = tasks[next++]!;
      o.onRecord(await pool.run(t));
    }
  };
  try {
    await Promise.all(Array.from({ length: o.jobs * 2 }, lane));
  } finally {
    await pool.destroy();
  }
}
