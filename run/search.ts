/**
 * A search of one model, on one thread or several: the run `check`, `seeds`, the manifest and
 * the benchmarks share. The progress line is the caller's (cli/report/progress.ts); this layer
 * only reports figures to it.
 */
import { parallelSearch, search } from '../explore/index.ts';
import { MODEL_FACTORY_URL, specOf } from './model-factory.ts';
import type { SearchProgress, SearchResult, VectorModel } from '../explore/model.ts';
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import type { StateVector } from '../model/state.ts';
import { LockModel, type LockConfig } from '../model/locking/lock-model.ts';
import { LOCK_MODEL_FACTORY_URL, lockSpecOf } from './lock-model-factory.ts';


/** Where a long search reports its figures: the command line's progress line. */
export interface ProgressSink {
  update(p: SearchProgress): void;
  stop(p: SearchProgress): void;
}

export interface RunOptions {
  readonly maxStates: number;
  readonly stopAtFirst: boolean;
  /** Told the figures every second and at the end; none for a quiet run. */
  readonly progress?: ProgressSink | undefined;
  /** Keep full states and compare them, instead of trusting 64-bit fingerprints. */
  readonly exact?: boolean;
  /** Worker threads for the search (1: this thread only). */
  readonly workers?: number;
}

/**
 * runCheck() - build the model and search it, on `o.workers` threads (default 1)
 *
 * Return: the model and the search result; identical for every worker count.
 */
export async function runCheck(config: HotplugConfig, o: RunOptions): Promise<{ model: HotplugModel; result: SearchResult<StateVector> }> {
  const model = new HotplugModel(config);
  return { model, result: await searchVectorModel(model, o, { module: MODEL_FACTORY_URL, spec: specOf(config) }) };
}

/**
 * searchVectorModel() - search any vector model with the progress line, on `o.workers` threads
 * @worker: the module whose `createModel(spec)` builds the same model in a worker thread
 */
export async function searchVectorModel(model: VectorModel, o: RunOptions, worker: { module: string; spec: unknown }): Promise<SearchResult<Uint16Array>> {
  const line = o.progress;
  let queue = 0;
  const onProgress = (p: SearchProgress): void => { queue = p.queue; line!.update(p); };
  const options = {
    maxStates: o.maxStates,
    stopAtFirst: o.stopAtFirst,
    exact: o.exact === true,
    ...(line ? { onProgress, progressIntervalMs: 1000 } : {}),
  };
  const workers = o.workers ?? 1;
  const result = workers <= 1 ? search(model, model.properties, options)
    : await parallelSearch(model, model.properties, { ...options, workers, worker });
  line?.stop({ states: result.states, transitions: result.transitions, queue: result.bounded ? queue : 0, depth: result.depth, seconds: result.seconds });
  return result;
}

export async function runLockCheck(config: LockConfig, o: RunOptions): Promise<{ model: LockModel; result: SearchResult<Uint16Array> }> {
  const model = new LockModel(config);
  return { model, result: await searchVectorModel(model, o, { module: LOCK_MODEL_FACTORY_URL, spec: lockSpecOf(config) }) };
}
