/**
 * The lock model (seed 003) as a model kind (kind.ts): a lock scenario of two or three kernel
 * threads under a kernel's lock behaviour, with patches. It claims the `--layout` names of
 * its scenarios (model/locking/scenarios.ts); its traces carry `#meta.model` "lock".
 */
import type { ReplayExplainer } from '../../explore/replay.ts';
import { findLockProfile } from '../../model/kernels/profiles.ts';
import { LockModel, type LockConfig } from '../../model/locking/lock-model.ts';
import { LOCK_SCENARIOS, findLockScenario } from '../../model/locking/scenarios.ts';
import { findLockProperty } from '../../properties/locking.ts';
import { itfTrace, type ItfTrace } from '../itf.ts';
import { isLockScenario, resolveLockConfig, resolveLockPatch } from '../lock-resolve.ts';
import { shrinkPath } from '../shrink.ts';
import type { Loaded } from '../user-patch.ts';
import type { ModelKind, RunOverrides, SavedTrace } from './kind.ts';

/** A lock run as plain data for a worker thread: names, and user patches by path. */
interface LockSpec {
  readonly scenario: string;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

const known = <T>(x: T | undefined, what: string): T => {
  if (x === undefined) throw new Error(`hpcheck bug: unknown ${what} reached a worker`);
  return x;
};

async function fromSpec(spec: LockSpec): Promise<LockConfig> {
  const patches = [];
  for (const name of spec.patches) {
    const p = await resolveLockPatch(name, spec.scenario);
    if (!p.ok) throw new Error(`hpcheck bug: a patch failed to load in a worker: ${p.error}`);
    patches.push(p.value);
  }
  return {
    scenario: known(findLockScenario(spec.scenario), `lock scenario ${spec.scenario}`),
    profile: known(findLockProfile(spec.kernel), `lock profile ${spec.kernel}`),
    patches,
    properties: spec.properties.map((p) => known(findLockProperty(p), `lock property ${p}`)),
  };
}

function explain(m: LockModel): ReplayExplainer<Uint16Array> {
  return {
    noSuchAction: 'no such step in this scenario and kernel',
    whyNotEnabled: (state, id) => {
      const t = m.decodeAction(id).thread;
      const at = m.toJSON(state).threads as { at: string }[];
      return `T${t} is at ${at[t]!.at}`;
    },
  };
}

/** The lock model a saved trace is replayed on: its scenario, and the kernel and patches saved or given. */
async function loadTrace(file: string, t: ItfTrace, o: RunOverrides): Promise<Loaded<SavedTrace<LockModel>>> {
  const meta = t['#meta'];
  const layout = String((meta.layout as { name?: unknown }).name ?? '');
  if (!isLockScenario(layout)) return { ok: false, error: `${file}: #meta.layout.name: "${layout}" is not a lock scenario (one of ${LOCK_SCENARIOS.map((s) => s.name).join(', ')})` };
  const given = o.patch && o.patch.length > 0 ? o.patch : undefined;
  if (given && given.includes('none') && given.length > 1) return { ok: false, error: '--patch none: cannot be combined with other patches' };
  const patchArgs = given ? given.filter((p) => p !== 'none') : meta.patches;
  const cfg = await resolveLockConfig({ layout, kernel: o.kernel ?? meta.kernel, patch: patchArgs, property: [meta.property] });
  if (!cfg.ok) return { ok: false, error: o.kernel || given ? cfg.error : `${file}: #meta: ${cfg.error}` };
  return { ok: true, value: { model: new LockModel(cfg.value), property: meta.property, actions: meta.actions, patchArgs, savedKernel: meta.kernel } };
}

export const LOCK_KIND: ModelKind<LockConfig, LockModel> = {
  name: 'lock',
  layoutNoun: 'lock scenario',
  owns: isLockScenario,
  resolve: resolveLockConfig,
  build: (c) => new LockModel(c),
  spec: (c): LockSpec => ({
    scenario: c.scenario.name, kernel: c.profile.name, patches: c.patches.map((p) => p.source ?? p.name), properties: c.properties.map((p) => p.name),
  }),
  fromSpec: (spec) => fromSpec(spec as LockSpec),
  names: (m) => {
    const c = m.config;
    return { layout: c.scenario.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name), properties: c.properties.map((p) => p.name) };
  },
  where: (m) => `in lock scenario ${m.config.scenario.name}`,
  explain,
  toItf: (m, property, message, trace, o) => itfTrace((s) => m.toJSON(s), trace,
    `${property} fails after ${trace.length - 1} steps in lock scenario ${m.config.scenario.name}, kernel ${m.config.profile.name}: ${message}`, {
      model: 'lock', layout: { name: m.config.scenario.name }, kernel: m.config.profile.name, patches: o.patchArgs,
      property, message, seed: o.seed, origin: o.origin,
    }),
  loadTrace,
  shrink: (saved) => {
    const r = shrinkPath(saved.model, saved.property, saved.actions, explain(saved.model));
    return r === null ? null : { model: saved.model, actions: r.actions, dropped: null, replays: r.replays };
  },
};
