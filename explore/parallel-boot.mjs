// Worker entry when hpcheck runs from TypeScript sources: register tsx in this thread, so
// that the task module and the model module it imports load as they do on the main thread.
import { register } from 'tsx/esm/api';

register();
const task = await import('./parallel-worker.ts');
export default task.default;
