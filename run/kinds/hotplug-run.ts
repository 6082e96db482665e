/**
 * A hotplug run as plain data, for worker threads and sweeps: the layout itself, the kernel,
 * patch names or user-patch paths, property names; the model built back from it; and the
 * patches resolved by name or path. Kept apart from the kind's entry (hotplug.ts) and from
 * the command-line resolution (run/resolve.ts) so that a sweep worker loads neither the lock
 * model nor the trace formats.
 */
import { HotplugModel, type HotplugConfig } from '../../model/hotplug-model.ts';
import type { Layout } from '../../model/layout/types.ts';
import type { Patch } from '../../model/kernels/behaviour.ts';
import { findProfile, type Profile } from '../../model/kernels/profiles.ts';
import { PROPERTIES, findProperty, type PropertyDef } from '../../properties/index.ts';
import { PATCHES, findPatch } from '../../model/kernels/patches.ts';
import { HOTPLUG_PATCH_POINTS, isPatchPath, loadUserPatch, type Loaded, type PatchPoints } from '../user-patch.ts';

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Hotplug patches by name, user patches by path; `allowed`: the points a user patch may override. */
export async function resolvePatches(names: readonly string[], allowed: PatchPoints = HOTPLUG_PATCH_POINTS): Promise<Loaded<Patch[]>> {
  const out: Patch[] = [];
  for (const name of names) {
    if (isPatchPath(name)) {
      const loaded = await loadUserPatch(name, allowed);
      if (!loaded.ok) return loaded;
      out.push(loaded.value);
      continue;
    }
    const p = findPatch(name);
    if (!p) return fail(`--patch ${name}: unknown patch (named patches: ${PATCHES.map((x) => x.name).join(', ')}; or a path to a .ts module)`);
    out.push(p);
  }
  return { ok: true, value: out };
}

export interface HotplugSpec {
  readonly layout: Layout;
  readonly kernel: string;
  /** Named patches by name, user patches by absolute path. */
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

export function hotplugSpecOf(config: HotplugConfig): HotplugSpec {
  return {
    layout: config.layout,
    kernel: config.profile.name,
    patches: config.patches.map((p) => p.source ?? p.name),
    properties: config.properties.map((p) => p.name),
  };
}

/** A kernel profile with its patches and the properties to check, found by name. */
export interface ResolvedRun {
  readonly profile: Profile;
  readonly patches: readonly Patch[];
  readonly properties: readonly PropertyDef[];
}

/**
 * resolveRun() - the profile, patches and properties named by a run that was checked before
 * @kernel: a profile name
 * @patches: named patches by name, user patches by path
 * @properties: property names; none means all
 *
 * For worker threads and sweeps, whose names the command line has already validated: an
 * unknown name here is a bug in hpcheck, so it throws.
 */
export async function resolveRun(kernel: string, patches: readonly string[], properties: readonly string[]): Promise<ResolvedRun> {
  const profile = findProfile(kernel);
  if (profile === undefined) throw new Error(`hpcheck bug: unknown kernel ${kernel} reached a worker or sweep run`);
  const loaded = await resolvePatches(patches);
  if (!loaded.ok) throw new Error(`hpcheck bug: a patch failed to load in a worker or sweep run: ${loaded.error}`);
  const defs = properties.map((name) => {
    const p = findProperty(name);
    if (p === undefined) throw new Error(`hpcheck bug: unknown property ${name} reached a worker or sweep run`);
    return p;
  });
  return { profile, patches: loaded.value, properties: defs.length ? defs : PROPERTIES };
}

/** The configuration a spec stands for (its names were validated when the run was first resolved). */
export async function hotplugConfigOf(spec: HotplugSpec): Promise<HotplugConfig> {
  const { profile, patches, properties } = await resolveRun(spec.kernel, spec.patches, spec.properties);
  return { layout: spec.layout, profile, patches, properties };
}

/** The model a spec stands for. */
export async function hotplugModelOf(spec: HotplugSpec): Promise<HotplugModel> {
  return new HotplugModel(await hotplugConfigOf(spec));
}
