/**
 * The distributed sweep (sweep/queue.ts) on a real redis-server with real `hpcheck worker`
 * processes: the records are those of the local sweep, also when a worker is killed with
 * SIGKILL in the middle of the sweep (BullMQ gives its job to the other worker).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { runKey } from '../../sweep/results.ts';
import { configLabel, type RunRecord } from '../../sweep/run.ts';
import { runSweep, type SweepOptions } from '../../sweep/sweep.ts';
import { redisTests, startRedis, type RedisServer } from '../support/redis.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = (kernel: string) => ({ label: configLabel(kernel, []), kernel, patches: [] });

/** 2 nodes x 3 blocks (2 DIMMs, no pmem), two profiles: 875 classes, 1,750 runs. */
const OPTIONS: SweepOptions = {
  bounds: { nodes: 2, blocks: 3, dimms: 2, pmem: 0 }, configs: [config('v5.9'), config('v5.10')],
  properties: PROPERTIES.map((p) => p.name), propertyFilter: [], maxStates: null, search: 'complete', shard: null, jobs: 1,
};
const RUNS = 1750;

/** The records without their timings, in run order. */
const comparable = (rs: readonly RunRecord[]) => [...rs].sort((a, b) => runKey(a).localeCompare(runKey(b)))
  .map(({ seconds: _s, ...r }) => r);

async function sweep(extra: Partial<SweepOptions>, onRecord?: (r: RunRecord) => void) {
  const r = await runSweep({ ...OPTIONS, ...extra, ...(onRecord ? { onRecord } : {}) });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** An `hpcheck worker` process with one thread. */
function worker(url: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'worker', '--queue', url, '--jobs', '1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', () => undefined);
  return child;
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe.skipIf(!redisTests())('sweep --queue on a real Redis', () => {
  let redis: RedisServer;
  let local: Awaited<ReturnType<typeof sweep>>;
  beforeAll(async () => {
    redis = await startRedis();
    local = await sweep({});
  }, 600_000);
  afterAll(async () => { await redis?.stop(); });

  it('two worker processes give the records of the local sweep, each run once', async () => {
    const url = redis.url(1);
    const workers = [worker(url), worker(url)];
    try {
      const queued = await sweep({ queue: url });
      expect(queued.records).toHaveLength(RUNS);
      expect(new Set(queued.records.map(runKey)).size).toBe(RUNS);
      expect(comparable(queued.records)).toEqual(comparable(local.records));
      expect(queued.summary).toEqual(local.summary);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      expect(await Promise.all(workers.map(exited))).toEqual([0, 0]);
    }
  }, 900_000);

  it('a worker killed with SIGKILL mid-sweep loses nothing: the sweep completes with the same records', async () => {
    const url = redis.url(2);
    const [doomed, survivor] = [worker(url), worker(url)];
    let seen = 0;
    try {
      const queued = await sweep({ queue: url }, () => {
        if (++seen === 200) doomed.kill('SIGKILL');
      });
      expect(doomed.signalCode).toBe('SIGKILL');
      expect(queued.records).toHaveLength(RUNS);
      expect(new Set(queued.records.map(runKey)).size).toBe(RUNS);
      expect(comparable(queued.records)).toEqual(comparable(local.records));
    } finally {
      doomed.kill('SIGKILL');
      survivor.kill('SIGTERM');
      expect(await exited(survivor)).toBe(0);
    }
  }, 900_000);
});
