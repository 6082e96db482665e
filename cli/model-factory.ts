/**
 * How a worker thread builds the very model the main thread checks: the configuration as
 * plain data (the layout itself, the kernel, patch names or user-patch paths, property
 * names), and `createModel()`, which the parallel engine's workers import by URL.
 */
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import type { Layout } from '../model/layout/types.ts';
import { findProfile } from '../model/kernels/profiles.ts';
import { findProperty } from '../properties/index.ts';
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

export async function createModel(spec: ModelSpec): Promise<HotplugModel> {
  const profile = findProfile(spec.kernel);
  const patches = await resolvePatches(spec.patches);
  if (profile === undefined || !patches.ok) throw new Error(`hpcheck bug: a worker cannot rebuild the model for ${spec.kernel}`);
  const properties = spec.properties.map((name) => {
    const p = findProperty(name);
    if (p === undefined) throw new Error(`hpcheck bug: a worker does not know property ${name}`);
    return p;
  });
  return new HotplugModel({ layout: spec.layout, profile, patches: patches.value, properties });
}
