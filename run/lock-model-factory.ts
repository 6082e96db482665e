/**
 * How a worker thread builds the lock model the main thread checks: the run as plain names
 * (scenario, kernel, patches, properties), and `createModel()`, which the parallel engine's
 * workers import by URL.
 */
import { LockModel, type LockConfig } from '../model/locking/lock-model.ts';
import { findLockPatch, findLockProfile } from '../model/locking/profiles.ts';
import { findLockScenario } from '../model/locking/scenarios.ts';
import { findLockProperty } from '../properties/locking.ts';

export interface LockSpec {
  readonly scenario: string;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

export const LOCK_MODEL_FACTORY_URL = import.meta.url;

export function lockSpecOf(c: LockConfig): LockSpec {
  return { scenario: c.scenario.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name), properties: c.properties.map((p) => p.name) };
}

/** The model of a spec the command line already validated: an unknown name here is a bug in hpcheck. */
export function createModel(spec: LockSpec): LockModel {
  const known = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`hpcheck bug: unknown ${what} reached a worker`);
    return x;
  };
  return new LockModel({
    scenario: known(findLockScenario(spec.scenario), `lock scenario ${spec.scenario}`),
    profile: known(findLockProfile(spec.kernel), `lock profile ${spec.kernel}`),
    patches: spec.patches.map((p) => known(findLockPatch(p), `lock patch ${p}`)),
    properties: spec.properties.map((p) => known(findLockProperty(p), `lock property ${p}`)),
  });
}
