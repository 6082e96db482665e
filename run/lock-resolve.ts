/**
 * `hpcheck check --layout dax-kmem-unbind ...`: the lock model (seed 003) run the command line
 * names. The scenario, kernel, patches and properties are resolved against the lock model's
 * own tables; a hotplug-model name (or the reverse) is an input error naming the field.
 */
import type { LockConfig } from '../model/locking/lock-model.ts';
import { LOCK_PATCHES, LOCK_PROFILES, findLockPatch, findLockProfile, type LockPatch } from '../model/locking/profiles.ts';
import { LOCK_SCENARIOS, findLockScenario } from '../model/locking/scenarios.ts';
import { findPatch } from '../model/kernels/patches.ts';
import { findProperty } from '../properties/index.ts';
import { LOCK_PROPERTIES, findLockProperty } from '../properties/locking.ts';
import type { CheckOptions } from './options.ts';
import type { Loaded } from './user-patch.ts';

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const list = (xs: readonly { name: string }[]): string => xs.map((x) => x.name).join(', ');

export const isLockScenario = (layout: string | undefined): boolean => layout !== undefined && findLockScenario(layout) !== undefined;

/** Why a lock-model name was given to a hotplug layout, or null when `name` is not one. */
export function lockNameOnHotplugLayout(field: '--property' | '--patch', name: string, layout: string | undefined): string | null {
  const lock = field === '--property' ? findLockProperty(name) : findLockPatch(name);
  if (lock === undefined) return null;
  const where = layout === undefined ? 'this command runs the hotplug model' : `--layout ${layout} is a hotplug layout`;
  return `${field} ${name}: belongs to the lock model (its scenarios: ${list(LOCK_SCENARIOS)}); ${where}`;
}

function resolvePatch(name: string, scenario: string): Loaded<LockPatch> {
  const p = findLockPatch(name);
  if (p) return { ok: true, value: p };
  const why = findPatch(name) ? 'a patch of the hotplug model' : name.endsWith('.ts') ? 'user patches replace hotplug behaviour points' : 'unknown patch';
  return fail(`--patch ${name}: ${why}; the lock model (--layout ${scenario}) takes: ${list(LOCK_PATCHES)}`);
}

/** resolveLockConfig() - the lock run the command line names, or one line saying what is wrong. */
export function resolveLockConfig(o: CheckOptions): Loaded<LockConfig> {
  const scenario = findLockScenario(o.layout ?? '');
  if (!scenario) throw new Error(`hpcheck bug: ${o.layout} is not a lock scenario`);
  if (!o.kernel) return fail(`--kernel: required (one of ${list(LOCK_PROFILES)})`);
  const profile = findLockProfile(o.kernel);
  if (!profile) return fail(`--kernel ${o.kernel}: the lock model has no profile for it (dax kmem hot-remove needs the seed's v5.1 series or later; one of ${list(LOCK_PROFILES)})`);
  const patches: LockPatch[] = [];
  for (const name of o.patch ?? []) {
    const p = resolvePatch(name, scenario.name);
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

