// A piscina worker's entry when hpcheck runs from its TypeScript sources: registers module
// hooks for TypeScript in this worker thread, then loads the task module named in
// workerData.entry, so the task, and any .ts module it imports later (the model, a user's
// `--patch ./fix.ts`), load as TypeScript. On Node 20, `--import tsx` in a worker's
// execArgv does not cover a later import() of a .ts file.
//
// The hooks are tsx's, unless the thread that started the pool named other ones in the
// environment data `hpcheck.worker-hooks` (a module URL): the sandbox a user patch runs in
// (run/sandbox/) cannot use tsx, whose esbuild is a child process.
import { getEnvironmentData } from 'node:worker_threads';
import { workerData } from 'piscina';

const hooks = getEnvironmentData('hpcheck.worker-hooks');
if (typeof hooks === 'string') await import(hooks);
else (await import('tsx/esm/api')).register();
const task = await import(workerData.entry);
export default task.default;
