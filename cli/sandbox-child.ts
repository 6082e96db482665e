/**
 * The sandboxed child (started by run/sandbox/parent.ts under the permission model of
 * run/sandbox/policy.ts; it lives in cli/ because it runs the command line): runs
 * the command line, user patches and all, and hands back the exit code the command chose
 * and the files it wants written, on the result channel (protocol.ts). Before any patch is
 * loaded it shares the watch slots with every thread it will start and starts the watchdog.
 *
 * Argument order: time limit (ms), memory limit (MB), then the command line after `hpcheck`.
 */
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { setEnvironmentData, Worker } from 'node:worker_threads';
import { deferWrites, type FileOp } from '../run/output-files.ts';
import { RESULT_FD } from '../run/sandbox/protocol.ts';
import { MAX_SLOTS, SANDBOX_KEY, reportFault, type SandboxData } from '../run/sandbox/watch.ts';
import { userPatchFiles } from '../run/sandbox/parent.ts';
import { watchedName, PatchFault, WATCH_IMPORT } from '../run/sandbox/guard.ts';
import { BEHAVIOUR_POINTS } from '../model/kernels/behaviour.ts';

const [limitText, , ...words] = process.argv.slice(2);
const patches = userPatchFiles(words).map((p) => resolve(p));
const data: SandboxData = { slots: new SharedArrayBuffer(4 * (2 + 2 * MAX_SLOTS)), base: Date.now(), patches };
setEnvironmentData(SANDBOX_KEY, data);
setEnvironmentData('hpcheck.worker-hooks', new URL('../run/sandbox/register-hooks.mjs', import.meta.url).href);

const names: Record<number, string> = {};
for (const [i, file] of userPatchFiles(words).entries()) {
  for (const code of [...BEHAVIOUR_POINTS.keys(), 60, 61, WATCH_IMPORT]) names[i * 64 + code] = `${file}: ${watchedName(code)}`;
}
new Worker(new URL('../run/sandbox/watchdog.mjs', import.meta.url), {
  workerData: { slots: data.slots, base: data.base, limitMs: Number(limitText), names, fd: RESULT_FD },
}).unref();

const files: FileOp[] = deferWrites();
const realExit = process.exit.bind(process);
let sent = false;

function sendResult(exitCode: number): void {
  if (sent) return;
  sent = true;
  writeSync(RESULT_FD, `${JSON.stringify({ t: 'result', exitCode, files })}\n`);
}

// A usage error (2) or a sweep stopped by Ctrl-C (130) ends the command with process.exit():
// those are results too. Any other exit before the command returns is not a result.
process.exit = ((code?: number | string | null) => {
  const c = Number(code ?? process.exitCode ?? 0);
  if (c === 2 || c === 130) sendResult(c);
  return realExit(c);
}) as typeof process.exit;

try {
  const { runCli } = await import('./program.ts');
  await runCli(['node', 'hpcheck', ...words]);
  const code = Number(process.exitCode ?? 0);
  sendResult([0, 1, 3].includes(code) ? code : 2);
  realExit(0);
} catch (e) {
  if (!(e instanceof PatchFault) && !/^(PatchFault|hpcheck: )/.test(String((e as Error)?.message))) {
    const err = e as { name?: string; message?: string };
    reportFault(`the run with --patch ${userPatchFiles(words).join(', ')} failed: ${err?.name ?? 'Error'}: ${String(err?.message ?? e).split('\n')[0]}`);
  }
  realExit(70);
}
