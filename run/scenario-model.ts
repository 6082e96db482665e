/**
 * The model a named run stands for: the hotplug model for a layout, the lock model for a
 * lock scenario (seed 003). For the seed table, the manifest and the benchmarks.
 */
import { HotplugModel } from '../model/hotplug-model.ts';
import { LockModel } from '../model/locking/lock-model.ts';
import { isLockScenario, resolveLockConfig } from './lock-resolve.ts';
import { resolveConfig, type CheckOptions } from './resolve.ts';
import type { Loaded } from './user-patch.ts';
import { search } from '../explore/index.ts';
import type { ScenarioRun, SeedScenario } from './scenarios.ts';

export async function modelForRun(o: CheckOptions): Promise<Loaded<HotplugModel | LockModel>> {
  if (isLockScenario(o.layout)) {
    const lock = resolveLockConfig(o);
    return lock.ok ? { ok: true, value: new LockModel(lock.value) } : lock;
  }
  const cfg = await resolveConfig(o);
  return cfg.ok ? { ok: true, value: new HotplugModel(cfg.value) } : cfg;
}

export interface RunOutcome {
  readonly run: ScenarioRun;
  readonly verdict: string;
  readonly states: number;
  /** Steps of the named property's trace, after power-on; 0 when verified. */
  readonly traceSteps: number;
  readonly ok: boolean;
}

/** runScenario() - one row of the seed table: search the run, and say whether it came out as the scenario expects. */
export async function runScenario(scenario: SeedScenario, run: ScenarioRun): Promise<RunOutcome> {
  const model = await modelForRun({ layout: run.layout ?? scenario.name, kernel: run.kernel, patch: run.patches, property: run.properties });
  if (!model.ok) throw new Error(`built-in scenario ${scenario.name}: ${model.error}`);
  const result = search(model.value, model.value.properties, { stopAtFirst: run.expect === 'violation' });
  const v = result.violations.find((x) => x.property === scenario.property) ?? result.violations[0];
  return {
    run,
    verdict: result.verdict,
    states: result.states,
    traceSteps: v ? v.trace.length - 1 : 0,
    ok: result.verdict === run.expect && (run.expect !== 'violation' || v?.property === scenario.property),
  };
}

