/**
 * `hpcheck check --layout dax-kmem-unbind ...`: the lock model (seed 003) run the command line
 * names. The scenario, kernel, patches and properties are resolved against the lock model's
 * own tables; a hotplug-model name (or the reverse) is an input error naming the field.
 * A user patch (`--patch ./file.ts`) follows the same rules as on the hotplug model, with the
 * lock model's behaviour points (model/locking/behaviour.ts).
 */
import { BEHAVIOUR_POINTS } from '../model/kernels/behaviour.ts';
import { findPatch } from '../model/kernels/patches.ts';
import type { Patch } from '../model/kernels/profile.ts';
import { LOCK_PROFILES, findLockProfile } from '../model/kernels/profiles.ts';
import { LOCK_BEHAVIOUR_POINTS, type LockBehaviour } from '../model/locking/behaviour.ts';
import type { LockConfig } from '../model/locking/lock-model.ts';
import { LOCK_PATCHES, findLockPatch } from '../model/locking/patches.ts';
import { LOCK_SCENARIOS, findLockScenario } from '../model/locking/scenarios.ts';
import { findProperty } from '../properties/index.ts';
import { LOCK_PROPERTIES, findLockProperty } from '../properties/locking.ts';
import type { CheckOptions } from './options.ts';
import { isPatchPath, loadUserPatch, type Loaded, type PatchPoints } from './user-patch.ts';

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const list = (xs: readonly { name: string }[]): string => xs.map((x) => x.name).join(', ');

export const isLockScenario = (layout: string | undefined): boolean => layout !== undefined && findLockScenario(layout) !== undefined;

const hotplugRun = (layout: string | undefined): string =>
  (layout === undefined ? 'this command runs the hotplug model' : `--layout ${layout} is a hotplug layout`);

/** Why a lock-model name was given to a hotplug layout, or null when `name` is not one. */
export function lockNameOnHotplugLayout(field: '--property' | '--patch', name: string, layout: string | undefined): string | null {
  const lock = field === '--property' ? findLockProperty(name) : findLockPatch(name);
  if (lock === undefined) return null;
  return `${field} ${name}: belongs to the lock model (its scenarios: ${list(LOCK_SCENARIOS)}); ${hotplugRun(layout)}`;
}

/** The points a user patch may override on a hotplug run: the hotplug model's; a lock point is named as such. */
export function hotplugPatchPoints(layout: string | undefined): PatchPoints {
  const elsewhere = (key: string): string | null => (LOCK_BEHAVIOUR_POINTS.some((p) => p.name === key)
    ? `a behaviour point of the lock model (its scenarios: ${list(LOCK_SCENARIOS)}); ${hotplugRun(layout)}` : null);
  return { points: BEHAVIOUR_POINTS, elsewhere };
}

/** The points a user patch may override on a lock run: the lock model's; a hotplug point is named as such. */
export function lockPatchPoints(scenario: string): PatchPoints {
  const elsewhere = (key: string): string | null => (BEHAVIOUR_POINTS.some((p) => p.name === key)
    ? `a behaviour point of the hotplug model; --layout ${scenario} is a lock scenario` : null);
  return { points: LOCK_BEHAVIOUR_POINTS, elsewhere };
}

/** A lock patch by name, or a user patch by path. */
export async function resolveLockPatch(name: string, scenario: string): Promise<Loaded<Patch<LockBehaviour>>> {
  if (isPatchPath(name)) return loadUserPatch<LockBehaviour>(name, lockPatchPoints(scenario));
  const p = findLockPatch(name);
  if (p) return { ok: true, value: p };
  const why = findPatch(name) ? 'a patch of the hotplug model' : 'unknown patch';
  return fail(`--patch ${name}: ${why}; the lock model (--layout ${scenario}) takes: ${list(LOCK_PATCHES)}, or a path to a .ts module`);
}

/** resolveLockConfig() - the lock run the command line names, or one line saying what is wrong. */
export async function resolveLockConfig(o: CheckOptions): Promise<Loaded<LockConfig>> {
  const scenario = findLockScenario(o.layout ?? '');
  if (!scenario) throw new Error(`hpcheck bug: ${o.layout} is not a lock scenario`);
  if (!o.kernel) return fail(`--kernel: required (one of ${list(LOCK_PROFILES)})`);
  const profile = findLockProfile(o.kernel);
  if (!profile) return fail(`--kernel ${o.kernel}: the lock model has no profile for it (dax kmem hot-remove needs the seed's v5.1 series or later; one of ${list(LOCK_PROFILES)})`);
  const patches: Patch<LockBehaviour>[] = [];
  for (const name of o.patch ?? []) {
    const p = await resolveLockPatch(name, scenario.name);
    if (!p.ok) return p;
    patches.push(p.value);
  }
  const properties = [];
  for (const name of o.property ?? []) {
    const p = findLockProperty(name);
    if (!p) {
      const why = findProperty(name) ? `a property of the hotplug model; --layout ${scenario.name} is a lock scenario` : 'unknown property';
      return fail(`--property ${name}: ${why} (its properties: ${list(LOCK_PROPERTIES)})`);
    }
    properties.push(p);
  }
  return { ok: true, value: { scenario, profile, patches, properties: properties.length ? properties : LOCK_PROPERTIES } };
}
