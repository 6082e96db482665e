/**
 * The sandbox's watchdog thread: every 50 ms it reads the slots where each thread of the
 * child writes when the patch code it runs started (watch.ts); code that has run longer than
 * the limit is reported on the result channel as a timeout fault, and the verdict process
 * then kills the child. Plain JavaScript, started before any patch is loaded.
 */
import { writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const { slots, base, limitMs, names, fd } = workerData;
const view = new Int32Array(slots);
let fired = false;

setInterval(() => {
  if (fired) return;
  const now = Date.now() - base + 1;
  const used = Math.min(Atomics.load(view, 0), 256);
  for (let i = 0; i < used; i++) {
    const start = Atomics.load(view, 2 + 2 * i);
    if (start === 0 || now - start <= limitMs) continue;
    const what = Atomics.load(view, 3 + 2 * i);
    const text = `${names[what] ?? 'the patch'} ran longer than the time limit (${limitMs / 1000} s; HPCHECK_PATCH_TIME_LIMIT)`;
    writeSync(fd, `${JSON.stringify({ t: 'fault', text, timeout: true })}\n`);
    fired = true;
    return;
  }
}, 50);
