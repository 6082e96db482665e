/**
 * A piscina pool for a task module, from TypeScript sources or compiled JavaScript alike.
 */
import { Piscina } from 'piscina';

/**
 * createWorkerPool() - a pool of `threads` workers running the default export of `task`
 * @task: the task module, `.ts` when running from sources (then started through ts-worker.mjs)
 * @threads: the number of worker threads, kept alive for the pool's life
 */
export function createWorkerPool<T, R>(task: URL, threads: number): Piscina<T, R> {
  const fromSource = task.pathname.endsWith('.ts');
  return new Piscina<T, R>({
    filename: fromSource ? new URL('./ts-worker.mjs', import.meta.url).href : task.href,
    ...(fromSource ? { workerData: { entry: task.href } } : {}),
    minThreads: threads,
    maxThreads: threads,
  });
}

/** The URL of the sibling module `name` (`.ts` from sources, `.js` once compiled) of `from`. */
export const siblingModule = (from: string, name: string): URL =>
  new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from);
