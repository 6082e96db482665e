/**
 * Simulation: random walks with fast-check over one layout, or over random layouts,
 * for machines too large to enumerate. A violation is shrunk by fast-check (the walk, and
 * with `--layouts random` the layout too), told as a story, and can be saved as an ITF trace
 * that `replay` accepts. The same seed gives the same walks and the same counterexample.
 *
 * Exit: 1 a violation was found; 3 nothing was found in the walks (a random search proves
 * nothing, so never 0); 2 bad input.
 */
import fc from 'fast-check';
import type { Violation } from '../explore/model.ts';
import { simulate, type SimulationResult } from '../explore/simulate.ts';
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import { formatRange } from '../model/layout/sizes.ts';
import type { Layout } from '../model/layout/types.ts';
import type { StateVector } from '../model/state.ts';
import type { Bounds } from '../model/layout/enumerate.ts';
import { specLayout } from '../model/layout/layout-file.ts';
import { randomLayoutSpec } from '../model/layout/random-layout.ts';
import { replayPath } from './replay-path.ts';
import { runModel } from './saved-run.ts';
import { shrinkRun } from './shrink.ts';

/** Walks a run takes unless told otherwise, and the most chosen steps in each. */
export const DEFAULT_RUNS = 1000;
export const DEFAULT_DEPTH = 50;

export type SimResult = SimulationResult<StateVector, HotplugModel>;

/** The counterexample after both shrinking stages. */
export interface Shrunk {
  readonly model: HotplugModel;
  readonly violation: Violation<StateVector>;
  /** Steps of fast-check's shrunk walk, before the action and layout passes. */
  readonly fastCheckSteps: number;
  /** Parts of the layout the layout pass dropped. */
  readonly dropped: readonly string[];
}

export interface SimOutcome {
  readonly res: SimResult;
  readonly shrunk: Shrunk | null;
}

export interface SimulateRun {
  /** Everything but the layout. */
  readonly config: Omit<HotplugConfig, 'layout'>;
  /** One layout, or bounds for random layouts. */
  readonly layout: Layout | { readonly random: Bounds };
  readonly runs: number;
  readonly depth: number;
  readonly seed: number;
  readonly path?: string;
  /** The patches as the user named them, for the saved trace. */
  readonly patchArgs: readonly string[];
}

/** The models the walks run on: the one layout, or fast-check's random layouts. */
function models(r: SimulateRun): fc.Arbitrary<HotplugModel> {
  const build = (layout: Layout) => new HotplugModel({ ...r.config, layout });
  if (!('random' in r.layout)) return fc.constant(build(r.layout));
  return randomLayoutSpec(r.layout.random).map((spec) => build(specLayout(spec)));
}

/**
 * shrinkFurther() - fast-check's counterexample through the trace shrinker (shrink.ts): ddmin
 * over the action names, then, for random layouts, dropping nodes, DIMMs, pmem and boot
 * ranges. fast-check shrinks the choices, whose meaning ("the k-th enabled action") shifts
 * when the layout or an earlier step changes; the names do not, so this pass finds what
 * fast-check's cannot. Deterministic, so the same seed still gives the same trace.
 */
function shrinkFurther(r: SimulateRun, res: SimResult): Shrunk {
  const cx = res.counterexample!;
  const v = cx.violation;
  const property = r.config.properties.find((p) => p.name === v.property)!;
  const run = { ...r.config, layout: cx.model.config.layout, patchArgs: r.patchArgs, property, actions: v.trace.slice(1).map((t) => t.action!) };
  const fastCheckSteps = run.actions.length;
  const smaller = shrinkRun(run, { layout: 'random' in r.layout });
  if (smaller === null) throw new Error('hpcheck bug: the simulated counterexample does not replay');
  const model = runModel(run, smaller.layout);
  const replayed = replayPath(model, v.property, smaller.actions);
  if (replayed.kind !== 'violated') throw new Error('hpcheck bug: the shrunk counterexample does not fail');
  // The model that tells the story checks every property of the run, as the walks did.
  const full = new HotplugModel({ ...r.config, layout: smaller.layout });
  return { model: full, violation: { property: v.property, message: replayed.message, trace: replayed.trace }, fastCheckSteps, dropped: smaller.dropped };
}

export function runSimulation(r: SimulateRun): SimOutcome {
  const res = simulate<StateVector, HotplugModel>(models(r), { runs: r.runs, depth: r.depth, seed: r.seed, ...(r.path === undefined ? {} : { path: r.path }) });
  return { res, shrunk: res.counterexample === null ? null : shrinkFurther(r, res) };
}

/** Actions of a trace after boot: the steps after `kernel_init` set SYSTEM_RUNNING. */
export function stepsAfterBoot(m: HotplugModel, actionIds: readonly number[]): number {
  let last = -1;
  actionIds.forEach((id, i) => { if (m.actions[id]!.kind === 'boot') last = i; });
  return actionIds.length - last - 1;
}

