/**
 * The registry of model kinds: every model the commands can run, by name. `check`, `replay`,
 * `shrink`, `seeds`, the worker threads and the benchmarks pick the kind here, from the
 * `--layout` a command line names or the `#meta.model` a trace carries. Adding a model is
 * one entry in `KindTypes` and `MODEL_KINDS` (and its report in cli/report/kinds.ts).
 */
import type { HotplugConfig, HotplugModel } from '../../model/hotplug-model.ts';
import type { LockConfig, LockModel } from '../../model/locking/lock-model.ts';
import type { ItfTrace } from '../itf.ts';
import type { Loaded } from '../user-patch.ts';
import { HOTPLUG_KIND } from './hotplug.ts';
import type { ModelKind } from './kind.ts';
import { LOCK_KIND } from './lock.ts';

export type { ModelKind, RunNames, RunOverrides, SavedTrace, Shrunk } from './kind.ts';

/** Each kind's configuration and model. */
export interface KindTypes {
  hotplug: { config: HotplugConfig; model: HotplugModel };
  lock: { config: LockConfig; model: LockModel };
}

export type KindName = keyof KindTypes;
export type KindConfig<K extends KindName> = KindTypes[K]['config'];
export type KindModel<K extends KindName> = KindTypes[K]['model'];
/** Indexed with a generic `K`, this stays `ModelKind<KindConfig<K>, KindModel<K>>`, so a command can be written once for every kind. */
export type KindTable = { readonly [K in KindName]: ModelKind<KindConfig<K>, KindModel<K>> };

export const MODEL_KINDS: KindTable = { hotplug: HOTPLUG_KIND, lock: LOCK_KIND };

/** The kinds in the order they are asked whether a `--layout` is theirs: the hotplug model, which takes any layout, last. */
const CLAIM_ORDER: readonly KindName[] = ['lock', 'hotplug'];

/** kindOfLayout() - the kind whose run `--layout` names. */
export function kindOfLayout(layout: string | undefined): KindName {
  return CLAIM_ORDER.find((k) => MODEL_KINDS[k].owns(layout)) ?? 'hotplug';
}

const isKindName = (name: string): name is KindName => Object.hasOwn(MODEL_KINDS, name);

/** kindOfTrace() - the kind a saved trace belongs to: `#meta.model`, or the hotplug model when the trace names none. */
export function kindOfTrace(file: string, t: ItfTrace): Loaded<KindName> {
  const model = (t['#meta'] as { model?: unknown }).model;
  if (model === undefined || model === 'hotplug') return { ok: true, value: 'hotplug' };
  if (typeof model === 'string' && isKindName(model)) return { ok: true, value: model };
  return { ok: false, error: `${file}: #meta.model: unknown model "${String(model)}" (one of ${Object.keys(MODEL_KINDS).join(', ')})` };
}
