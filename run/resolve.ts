/**
 * Turns command-line words into a checked configuration, or one line saying what is wrong.
 */
import { loadLayout } from '../model/layout/load.ts';
import type { HotplugConfig } from '../model/hotplug-model.ts';
import type { Patch } from '../model/kernels/behaviour.ts';
import { PATCHES, findPatch } from '../model/kernels/patches.ts';
import { PROFILES, findProfile } from '../model/kernels/profiles.ts';
import { PROPERTIES, findProperty } from '../properties/index.ts';
import { isPatchPath, loadUserPatch, type Loaded } from './user-patch.ts';
import { lockNameOnHotplugLayout } from './lock-resolve.ts';
import type { CheckOptions } from './options.ts';

export type { CheckOptions };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export async function resolvePatches(names: readonly string[]): Promise<Loaded<Patch[]>> {
  const out: Patch[] = [];
  for (const name of names) {
    if (isPatchPath(name)) {
      const loaded = await loadUserPatch(name);
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

export function parseMaxStates(text: string | undefined): Loaded<number> {
  if (text === undefined) return { ok: true, value: Infinity };
  if (!/^[1-9][0-9]*$/.test(text)) return fail(`--max-states ${text}: must be a positive whole number`);
  return { ok: true, value: Number(text) };
}

/** --workers: a whole number from 1 to 64 (default 1). */
export function parseWorkers(text: string | undefined): Loaded<number> {
  if (text === undefined) return { ok: true, value: 1 };
  if (!/^[1-9][0-9]*$/.test(text) || Number(text) > 64) return fail(`--workers ${text}: must be a whole number from 1 to 64`);
  return { ok: true, value: Number(text) };
}

/** The kernel profile, patches and properties a command line names, without a layout. */
export async function resolveKernel(o: CheckOptions): Promise<Loaded<Omit<HotplugConfig, 'layout'>>> {
  if (!o.kernel) return fail(`--kernel: required (one of ${PROFILES.map((p) => p.name).join(', ')})`);
  const profile = findProfile(o.kernel);
  if (!profile) return fail(`--kernel ${o.kernel}: unknown kernel (one of ${PROFILES.map((p) => p.name).join(', ')})`);
  for (const name of o.patch ?? []) {
    const lock = findPatch(name) ? null : lockNameOnHotplugLayout('--patch', name, o.layout);
    if (lock) return fail(lock);
  }
  const patches = await resolvePatches(o.patch ?? []);
  if (!patches.ok) return patches;
  const properties = [];
  for (const name of o.property ?? []) {
    const p = findProperty(name);
    const lock = p ? null : lockNameOnHotplugLayout('--property', name, o.layout);
    if (lock) return fail(lock);
    if (!p) return fail(`--property ${name}: unknown property (one of ${PROPERTIES.map((x) => x.name).join(', ')})`);
    properties.push(p);
  }
  return { ok: true, value: { profile, patches: patches.value, properties: properties.length ? properties : PROPERTIES } };
}

export async function resolveConfig(o: CheckOptions): Promise<Loaded<HotplugConfig>> {
  if (!o.layout) return fail('--layout: required (a built-in name or a YAML/JSON file)');
  if (!o.kernel) return fail(`--kernel: required (one of ${PROFILES.map((p) => p.name).join(', ')})`);
  const layout = loadLayout(o.layout);
  if (!layout.ok) return fail(layout.error);
  const rest = await resolveKernel(o);
  if (!rest.ok) return rest;
  return { ok: true, value: { layout: layout.layout, ...rest.value } };
}
