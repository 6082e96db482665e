/**
 * A search of one model, on one thread or several: the run `check`, `seeds`, the manifest and
 * the benchmarks share. The progress line is the caller's (cli/report/progress.ts); this layer
 * only reports figures to it.
 */
import { parallelSearch, search } from '../explore/index.ts';
import { MODEL_FACTORY_URL, workerSpec } from './model-factory.ts';
import type { SearchProgress, SearchResult, VectorModel } from '../explore/model.ts';
import { MODEL_KINDS, type KindConfig, type KindModel, type KindName } from './kinds/index.ts';


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
 * runKind() - build the model of a run of kind `kind` and search it, on `o.workers` threads (default 1)
 *
 * Return: the model and the search result; identical for every worker count.
 */
export async function runKind<K extends KindName>(kind: K, config: KindConfig<K>, o: RunOptions): Promise<{ model: KindModel<K>; result: SearchResult<Uint16Array> }> {
  const model = MODEL_KINDS[kind].build(config);
  return { model, result: await searchVectorModel(model, o, { module: MODEL_FACTORY_URL, spec: workerSpec(kind, config) }) };
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
