/**
 * The model a named run stands for: the hotplug model for a layout, the lock model for a
 * lock scenario (seed 003). For the seed table, the manifest and the benchmarks.
 */
import { HotplugModel } from '../model/hotplug-model.ts';
import { LockModel } from '../model/locking/lock-model.ts';
import { isLockScenario, resolveLockConfig } from './lock-check.ts';
import { resolveConfig, type CheckOptions } from './resolve.ts';
import type { Loaded } from './user-patch.ts';

export async function modelForRun(o: CheckOptions): Promise<Loaded<HotplugModel | LockModel>> {
  if (isLockScenario(o.layout)) {
    const lock = resolveLockConfig(o);
    return lock.ok ? { ok: true, value: new LockModel(lock.value) } : lock;
  }
  const cfg = await resolveConfig(o);
  return cfg.ok ? { ok: true, value: new HotplugModel(cfg.value) } : cfg;
}
