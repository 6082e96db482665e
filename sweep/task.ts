/**
 * The pool worker's task (piscina): one sweep run. See run.ts.
 */
import { runTask, type RunRecord, type RunTask } from './run.ts';

export default function task(t: RunTask): Promise<RunRecord> {
  return runTask(t);
}
