/**
 * How a worker thread builds the very model the main thread checks, for any model kind: the
 * run as plain data (`WorkerSpec`: the kind's name and its spec), and `createModel()`, which
 * the parallel engine's workers import by URL.
 */
import type { VectorModel } from '../explore/model.ts';
import type { HotplugConfig } from '../model/hotplug-model.ts';
import { MODEL_KINDS, type KindConfig, type KindName } from './kinds/index.ts';

export const MODEL_FACTORY_URL = import.meta.url;

export interface WorkerSpec {
  readonly kind: KindName;
  readonly spec: unknown;
}

/** workerSpec() - a run of kind `kind` as plain data for a worker thread. */
export function workerSpec<K extends KindName>(kind: K, config: KindConfig<K>): WorkerSpec {
  return { kind, spec: MODEL_KINDS[kind].spec(config) };
}

/** The worker spec of a hotplug run. */
export const specOf = (config: HotplugConfig): WorkerSpec => workerSpec('hotplug', config);

/** The model a worker spec stands for. */
export async function createModel(w: WorkerSpec): Promise<VectorModel> {
  return buildFromSpec(w.kind, w.spec);
}

async function buildFromSpec<K extends KindName>(kind: K, spec: unknown): Promise<VectorModel> {
  const k = MODEL_KINDS[kind];
  return k.build(await k.fromSpec(spec));
}
