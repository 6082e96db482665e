/**
 * `hpcheck worker --queue redis://HOST:PORT/N`: takes the runs of `sweep --queue` and
 * `prove --queue` from the BullMQ queue, on as many threads as --jobs (default: the CPUs),
 * until SIGINT or SIGTERM; then it lets the runs in progress finish and exits 0. A worker
 * killed outright loses nothing: its jobs go to another worker once their locks expire.
 * Exit: 0 stopped by a signal, 2 bad input.
 */
import { startQueueWorker, LOCK_MS, QUEUE_NAME } from '../../sweep/queue.ts';
import { parseJobs, parseQueueUrl } from '../options/sweep-options.ts';
import { unwrap, usageExit } from './sweep-run.ts';

export async function workerCommand(f: { queue?: string; jobs?: string }): Promise<void> {
  const url = unwrap(parseQueueUrl(f.queue));
  if (url === undefined) usageExit('--queue: required (redis://HOST:PORT/N, as given to sweep --queue)');
  const threads = unwrap(parseJobs(f.jobs));
  let runs = 0;
  const worker = startQueueWorker(url, threads, () => { runs++; });
  process.stderr.write(`hpcheck worker: ${threads} thread${threads === 1 ? '' : 's'} on ${url}, queue ${QUEUE_NAME} (a job is given back ${LOCK_MS / 1000} s after its worker stops)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => { resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write(`hpcheck worker: stopping after the runs in progress (${runs} done)\n`);
  await worker.close();
}
