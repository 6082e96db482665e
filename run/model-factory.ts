/**
 * How a worker thread builds the very model the main thread checks: the configuration as
 * plain data (the layout itself, the kernel, patch names or user-patch paths, property
 * names), and `createModel()`, which the parallel engine's workers import by URL.
 */
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import type { Layout } from '../model/layout/types.ts';
import type { Patch } from '../model/kernels/behaviour.ts';
import { findProfile, type Profile } from '../model/kernels/profiles.ts';
import { PROPERTIES, findProperty, type PropertyDef } from '../properties/index.ts';
import { resolvePatches } from './resolve.ts';

export interface ModelSpec {
  readonly layout: Layout;
  readonly kernel: string;
  /** Named patches by name, user patches by absolute path. */
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

export const MODEL_FACTORY_URL = import.meta.url;

export function specOf(config: HotplugConfig): ModelSpec {
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

export async function createModel(spec: ModelSpec): Promise<HotplugModel> {
  const { profile, patches, properties } = await resolveRun(spec.kernel, spec.patches, spec.properties);
  return new HotplugModel({ layout: spec.layout, profile, patches, properties });
}
