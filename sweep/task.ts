/**
 * The pool worker's task (piscina): one sweep run. See run.ts; from source, the worker
 * starts at task-source.mjs, which loads this file.
 */
import { runTask, type RunRecord, type RunTask } from './run.ts';

export default function task(t: RunTask): Promise<RunRecord> {
  return runTask(t);
}
