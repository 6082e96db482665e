/**
 * A real redis-server (Debian's package) for the tests of the distributed sweep, on a free
 * loopback port, stopped by its PID. The tests take minutes, so they run with HPCHECK_REDIS=1
 * (`npm run test:queue`, which .ci/run runs after `npm test`); then a missing redis-server
 * is a failure, never a skip. `npm test` skips them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const REDIS_BINARY = process.env.HPCHECK_REDIS_SERVER ?? 'redis-server';

/** Whether the redis tests run: HPCHECK_REDIS=1 (npm run test:queue). */
export function redisTests(): boolean {
  const on = process.env.HPCHECK_REDIS === '1';
  if (!on) process.stderr.write('test/sweep/queue.test.ts: HPCHECK_REDIS is not 1, the Redis tests are skipped (npm run test:queue runs them)\n');
  return on;
}

/** A loopback port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly url: (db: number) => string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** startRedis() - redis-server on a free loopback port, no persistence; resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${output}`)), 30_000);
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`cannot run ${REDIS_BINARY}: ${e.message}`)); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited (${code}): ${output}`)); });
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('Ready to accept connections')) { clearTimeout(timer); resolve(); }
    });
  });
  const pid = child.pid!;
  return {
    url: (db) => `redis://127.0.0.1:${port}/${db}`,
    pid,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      process.kill(pid, 'SIGTERM');
    }),
  };
}
