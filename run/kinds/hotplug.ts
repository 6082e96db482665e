/**
 * The hotplug model as a model kind (kind.ts): a layout (built-in or a file) under a kernel
 * profile with patches. It takes every `--layout` no other kind claims.
 */
import type { TraceStep } from '../../explore/model.ts';
import { HotplugModel, type HotplugConfig } from '../../model/hotplug-model.ts';
import type { StateVector } from '../../model/state.ts';
import { hotplugExplainer } from '../hotplug-replay.ts';
import { toItf, type ItfTrace, type TraceOrigin } from '../itf.ts';
import { resolveConfig } from '../resolve.ts';
import { loadSavedRun, runModel, type SavedRun } from '../saved-run.ts';
import { shrinkRun } from '../shrink.ts';
import { hotplugConfigOf, hotplugSpecOf, type HotplugSpec } from './hotplug-run.ts';
import type { ModelKind, RunOverrides, SavedTrace, Shrunk } from './kind.ts';

/** The saved run a hotplug model replaying a trace stands for. */
function savedRunOf(saved: SavedTrace<HotplugModel>): SavedRun {
  const c = saved.model.config;
  return { layout: c.layout, profile: c.profile, patches: c.patches, patchArgs: saved.patchArgs, property: c.properties[0]!, actions: saved.actions };
}

async function loadTrace(file: string, t: ItfTrace, o: RunOverrides) {
  const run = await loadSavedRun(file, t, o);
  if (!run.ok) return run;
  const r = run.value;
  const saved: SavedTrace<HotplugModel> = { model: runModel(r), property: r.property.name, actions: r.actions, patchArgs: r.patchArgs, savedKernel: t['#meta'].kernel };
  return { ok: true as const, value: saved };
}

function shrink(saved: SavedTrace<HotplugModel>): Shrunk<HotplugModel> | null {
  const run = savedRunOf(saved);
  const r = shrinkRun(run);
  return r === null ? null : { model: runModel(run, r.layout), actions: r.actions, dropped: r.dropped, replays: r.replays };
}

export const HOTPLUG_KIND: ModelKind<HotplugConfig, HotplugModel> = {
  name: 'hotplug',
  layoutNoun: 'layout',
  owns: () => true,
  resolve: resolveConfig,
  build: (c) => new HotplugModel(c),
  spec: hotplugSpecOf,
  fromSpec: (spec) => hotplugConfigOf(spec as HotplugSpec),
  names: (m) => {
    const c = m.config;
    return { layout: c.layout.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name), properties: c.properties.map((p) => p.name) };
  },
  where: (m) => `on layout ${m.config.layout.name}`,
  explain: hotplugExplainer,
  toItf: (m, property, message, trace: readonly TraceStep<StateVector>[], o: TraceOrigin) => toItf(m, property, message, trace, o),
  loadTrace,
  shrink,
};
