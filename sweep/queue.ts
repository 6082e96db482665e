/**
 * A sweep on a BullMQ queue in a Redis the user runs: the sweep puts one job per run (one
 * layout class under one kernel configuration) on the queue and collects the records;
 * `hpcheck worker` processes on any machine take the jobs, each on a pool of threads.
 *
 * A run's job id is the sweep's id and the run's key, so a job is added once however often
 * the sweep is started (a resumed sweep finds the runs already done in the queue). A worker
 * that dies mid-job stops renewing the job's lock; BullMQ's stalled-job check in the other
 * workers moves the job back to the wait list and another worker runs it. The collector
 * takes each run's record once, from the first completion it sees, and then removes the job.
 *
 * BullMQ: https://docs.bullmq.io (Queue.addBulk, QueueEvents, Worker, stalled jobs).
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { createWorkerPool, siblingModule } from '../explore/worker-pool.ts';
import { runKey, type SweepHeader } from './results.ts';
import type { RunRecord, RunTask } from './run.ts';

/** The queue every sweep and worker uses; runs of different sweeps differ in their job ids. */
export const QUEUE_NAME = 'hpcheck-sweep';

/** How long a worker's lock on a job lasts unless renewed, and how often workers look for expired ones. */
export const LOCK_MS = 20_000;
export const STALLED_CHECK_MS = 10_000;
/** A job may be given back this many times (its workers died) before BullMQ fails it. */
const MAX_STALLED = 20;
/** Pending jobs looked up directly per pass, for completions whose event was not seen. */
const RECONCILE_BATCH = 200;
const RECONCILE_MS = 3_000;

/** The sweep's id: what was swept, as the header names it (bounds, kernels, properties, limits, shard). */
export function sweepId(h: SweepHeader): string {
  const what = { version: h.version, bounds: h.bounds, configs: h.configs, properties: h.properties, maxStates: h.maxStates, search: h.search, shard: h.shard, classes: h.classes };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 16);
}

/** BullMQ custom ids may not contain ':'; the config index stands for the config's label. */
const jobId = (id: string, t: RunTask, configIndex: number): string => `${id}-${t.layout}-${configIndex}`;

const connection = (url: string) => ({ url, maxRetriesPerRequest: null });

export interface QueueRunOptions {
  readonly url: string;
  readonly header: SweepHeader;
  readonly onRecord: (r: RunRecord) => void;
  /** Polled; true stops collecting (jobs already on the queue stay there for a resumed sweep). */
  readonly stopped?: () => boolean;
}

/**
 * runTasksOnQueue() - put every task on the queue and collect each record once
 *
 * Return: once every task's record was passed to `onRecord`, or when `stopped()`; rejects
 * when a job failed (its reason is in the message).
 */
export async function runTasksOnQueue(tasks: readonly RunTask[], o: QueueRunOptions): Promise<void> {
  if (tasks.length === 0) return;
  const id = sweepId(o.header);
  const configs = o.header.configs.map((c) => c.label);
  const pending = new Map<string, RunTask>();
  for (const t of tasks) pending.set(jobId(id, t, configs.indexOf(t.config.label)), t);
  const events = new QueueEvents(QUEUE_NAME, { connection: connection(o.url) });
  const queue = new Queue(QUEUE_NAME, { connection: connection(o.url) });
  let failure: Error | null = null;
  const take = (jid: string, record: unknown): void => {
    const t = pending.get(jid);
    if (t === undefined) return;
    const r = (typeof record === 'string' ? JSON.parse(record) : record) as RunRecord;
    if (runKey(r) !== runKey({ layout: t.layout, config: t.config.label })) {
      failure = new Error(`hpcheck bug: job ${jid} returned the record of ${runKey(r)}`);
      return;
    }
    pending.delete(jid);
    o.onRecord(r);
    void queue.remove(jid).catch(() => undefined);
  };
  try {
    events.on('completed', ({ jobId: jid, returnvalue }) => take(jid, returnvalue));
    events.on('failed', ({ jobId: jid, failedReason }) => {
      if (pending.has(jid)) failure = new Error(`run ${jid} failed on a worker: ${failedReason}`);
    });
    await events.waitUntilReady();
    const entries = [...pending.entries()];
    for (let i = 0; i < entries.length; i += 1000) {
      await queue.addBulk(entries.slice(i, i + 1000).map(([jid, t]) => ({
        name: 'run', data: t, opts: { jobId: jid, removeOnFail: false, removeOnComplete: false },
      })));
    }
    await collect(queue, pending, take, () => failure, o.stopped ?? (() => false));
  } finally {
    await events.close();
    await queue.close();
  }
}

/** Waits for the pending jobs, looking some up directly now and then (a completion before we listened, or a lost event). */
async function collect(
  queue: Queue, pending: Map<string, RunTask>, take: (jid: string, record: unknown) => void,
  failed: () => Error | null, stopped: () => boolean,
): Promise<void> {
  let lastPass = 0;
  while (pending.size > 0 && !stopped()) {
    const error = failed();
    if (error) throw error;
    if (Date.now() - lastPass >= RECONCILE_MS) {
      lastPass = Date.now();
      for (const jid of [...pending.keys()].slice(0, RECONCILE_BATCH)) {
        const job = await queue.getJob(jid) as Job | undefined;
        if (job?.finishedOn !== undefined && job.returnvalue !== null && job.returnvalue !== undefined) take(jid, job.returnvalue);
        else if (job?.finishedOn !== undefined && job.failedReason) throw new Error(`run ${jid} failed on a worker: ${job.failedReason}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const error = failed();
  if (error) throw error;
}

export interface QueueWorker {
  /** Stops taking jobs, lets the running ones finish, and stops the threads. */
  close(): Promise<void>;
}

/**
 * startQueueWorker() - take runs from the queue at `url`, `threads` at a time
 * @onRecord: told each record this worker produced
 *
 * The runs go to a pool of threads, so this thread stays free to renew the jobs' locks.
 */
export function startQueueWorker(url: string, threads: number, onRecord?: (r: RunRecord) => void): QueueWorker {
  const pool = createWorkerPool<RunTask, RunRecord>(siblingModule(import.meta.url, 'task'), threads);
  const worker = new Worker(QUEUE_NAME, async (job: Job) => {
    const r = await pool.run(job.data as RunTask);
    onRecord?.(r);
    return r;
  }, {
    connection: connection(url), concurrency: threads,
    lockDuration: LOCK_MS, stalledInterval: STALLED_CHECK_MS, maxStalledCount: MAX_STALLED,
  });
  return {
    close: async () => {
      await worker.close();
      await pool.destroy();
    },
  };
}
