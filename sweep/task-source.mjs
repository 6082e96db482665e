// The pool worker's entry when hpcheck runs from its TypeScript source: registers tsx's
// module hooks in this worker thread, so task.ts, and a user's `--patch ./fix.ts` that a
// run imports later, load as TypeScript. (On Node 20, hooks passed with `--import tsx` in
// a worker's execArgv do not cover a later import() of a .ts file.)
import { register } from 'tsx/esm/api';

register();
const { default: task } = await import('./task.ts');
export default task;
