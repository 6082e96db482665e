// A piscina worker's entry when hpcheck runs from its TypeScript sources: registers tsx's
// module hooks in this worker thread, then loads the task module named in workerData.entry,
// so the task, and any .ts module it imports later (the model, a user's `--patch ./fix.ts`),
// load as TypeScript. On Node 20, `--import tsx` in a worker's execArgv does not cover a
// later import() of a .ts file.
import { workerData } from 'piscina';
import { register } from 'tsx/esm/api';

register();
const task = await import(workerData.entry);
export default task.default;
