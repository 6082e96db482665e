/**
 * The model a named run stands for, of the kind its `--layout` names (run/kinds/): the
 * hotplug model for a layout, the lock model for a lock scenario (seed 003). For the seed
 * table, the manifest and the benchmarks.
 */
import { search } from '../explore/index.ts';
import { MODEL_KINDS, kindOfLayout, type KindModel, type KindName } from './kinds/index.ts';
import type { CheckOptions } from './options.ts';
import type { ScenarioRun, SeedScenario } from './scenarios.ts';
import type { Loaded } from './user-patch.ts';

async function buildKind<K extends KindName>(kind: K, o: CheckOptions): Promise<Loaded<KindModel<K>>> {
  const k = MODEL_KINDS[kind];
  const cfg = await k.resolve(o);
  return cfg.ok ? { ok: true, value: k.build(cfg.value) } : cfg;
}

/** modelForRun() - the model a command line names, or one line saying which field is wrong. */
export async function modelForRun(o: CheckOptions): Promise<Loaded<KindModel<KindName>>> {
  return buildKind(kindOfLayout(o.layout), o);
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

