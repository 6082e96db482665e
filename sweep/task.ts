/**
 * The pool worker's task (piscina): one sweep run. See run.ts; from source, the worker
 * starts at explore/ts-worker.mjs, which loads this file (explore/worker-pool.ts).
 */
import { runTask, type RunRecord, type RunTask } from './run.ts';

export default function task(t: RunTask): Promise<RunRecord> {
  return runTask(t);
}
