/**
 * `hpcheck simulate`: random walks with fast-check over one layout, or over random layouts,
 * for machines too large to enumerate. A violation is shrunk by fast-check (the walk, and
 * with `--layouts random` the layout too), told as a story, and can be saved as an ITF trace
 * that `replay` accepts. The same seed gives the same walks and the same counterexample.
 *
 * Exit: 1 a violation was found; 3 nothing was found in the walks (a random search proves
 * nothing, so never 0); 2 bad input.
 */
import fc from 'fast-check';
import pc from 'picocolors';
import { simulate, type SimulationResult } from '../explore/simulate.ts';
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import type { Layout } from '../model/layout/types.ts';
import type { StateVector } from '../model/state.ts';
import type { Bounds } from '../sweep/enumerate.ts';
import { specLayout } from '../sweep/layout-file.ts';
import { randomLayoutSpec } from '../sweep/random-layout.ts';
import { EXIT, VERSION } from './check.ts';
import { layoutToRaw, toItf, writeItf } from './itf.ts';
import { tellViolation } from './story.ts';

export type SimResult = SimulationResult<StateVector, HotplugModel>;

export interface SimulateRun {
  /** Everything but the layout. */
  readonly config: Omit<HotplugConfig, 'layout'>;
  /** One layout, or bounds for random layouts. */
  readonly layout: Layout | { readonly random: Bounds };
  readonly runs: number;
  readonly depth: number;
  readonly seed: number;
  readonly path?: string;
}

/** The models the walks run on: the one layout, or fast-check's random layouts. */
function models(r: SimulateRun): fc.Arbitrary<HotplugModel> {
  const build = (layout: Layout) => new HotplugModel({ ...r.config, layout });
  if (!('random' in r.layout)) return fc.constant(build(r.layout));
  return randomLayoutSpec(r.layout.random).map((spec) => build(specLayout(spec)));
}

export function runSimulation(r: SimulateRun): SimResult {
  return simulate(models(r), { runs: r.runs, depth: r.depth, seed: r.seed, ...(r.path === undefined ? {} : { path: r.path }) });
}

/** Actions of a trace after boot: the steps after `kernel_init` set SYSTEM_RUNNING. */
export function stepsAfterBoot(m: HotplugModel, actionIds: readonly number[]): number {
  let last = -1;
  actionIds.forEach((id, i) => { if (m.actions[id]!.kind === 'boot') last = i; });
  return actionIds.length - last - 1;
}

const actionIdsOf = (res: SimResult): number[] => res.counterexample!.violation.trace.slice(1).map((t) => t.actionId!);

const walkBound = (r: SimulateRun): string => `${r.runs.toLocaleString('en-US')} walks of at most ${r.depth} chosen steps`;

/** What was searched, in one phrase: `layout X` or `random layouts within bounds`. */
function searched(r: SimulateRun): string {
  if (!('random' in r.layout)) return `layout ${r.layout.name}`;
  const b = r.layout.random;
  return `random layouts (at most ${b.nodes} nodes, ${b.blocks} blocks, ${b.dimms} DIMMs, ${b.pmem} pmem)`;
}

const rate = (res: SimResult): number => Math.round((res.steps + res.shrinkSteps) / Math.max(res.seconds, 1e-9));

export function simulationJson(r: SimulateRun, res: SimResult): Record<string, unknown> {
  const cx = res.counterexample;
  const m = cx?.model;
  return {
    tool: 'hpcheck',
    version: VERSION,
    command: 'simulate',
    layout: m ? m.config.layout.name : 'random' in r.layout ? 'random' : r.layout.name,
    ...('random' in r.layout ? { bounds: r.layout.random } : {}),
    kernel: r.config.profile.name,
    patches: r.config.patches.map((p) => p.name),
    properties: r.config.properties.map((p) => p.name),
    verdict: res.verdict,
    summary: res.verdict === 'bounded' ? `no violation in ${walkBound(r)}` : `${cx!.violation.property} violated`,
    seed: res.seed,
    path: res.path,
    runs: r.runs,
    depth: r.depth,
    walks: res.walks,
    transitions: res.steps,
    shrinks: res.shrinks,
    shrinkWalks: res.shrinkWalks,
    seconds: Number(res.seconds.toFixed(3)),
    actionsPerSecond: rate(res),
    ...(cx && m ? {
      layoutFile: 'random' in r.layout ? layoutToRaw(m.config.layout) : undefined,
      choices: cx.choices,
      foundAtSteps: cx.foundAtSteps,
      steps: cx.violation.trace.length - 1,
      stepsAfterBoot: stepsAfterBoot(m, actionIdsOf(res)),
    } : {}),
    violations: cx && m ? [{
      property: cx.violation.property,
      message: cx.violation.message,
      trace: cx.violation.trace.map((t) => ({ action: t.action, state: m.toJSON(t.state) })),
    }] : [],
  };
}

/** The command that replays this counterexample at once, from its fast-check path. */
function replayCommand(args: readonly string[], res: SimResult): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--path' || args[i] === '--seed') i++;
    else if (!args[i]!.startsWith('--path=') && !args[i]!.startsWith('--seed=')) kept.push(args[i]!);
  }
  return ['npx hpcheck', ...kept, '--seed', String(res.seed), '--path', res.path!].join(' ');
}

export function simulationReport(r: SimulateRun, res: SimResult, args: readonly string[], color: boolean): string {
  const c = pc.createColors(color);
  const patches = r.config.patches.length ? r.config.patches.map((p) => p.name).join(', ') : 'none';
  const lines = [
    `hpcheck ${VERSION} simulate: ${searched(r)}, kernel ${r.config.profile.name}, patches: ${patches}`,
    `  properties: ${r.config.properties.map((p) => p.name).join(', ')}`,
    `  seed ${res.seed}: ${walkBound(r)}; ${res.walks.toLocaleString('en-US')} walks, ${res.steps.toLocaleString('en-US')} actions, ${res.seconds.toFixed(2)} s (${rate(res).toLocaleString('en-US')} actions/s)`,
  ];
  const cx = res.counterexample;
  if (cx === null) {
    lines.push('', c.yellow(c.bold(`BOUNDED: no violation in ${walkBound(r)} (seed ${res.seed}); a random search proves nothing`)));
    return lines.join('\n');
  }
  const m = cx.model;
  const steps = cx.violation.trace.length - 1;
  const after = stepsAfterBoot(m, actionIdsOf(res));
  lines.push(
    `  found in walk ${res.walks} after ${cx.foundAtSteps} steps; fast-check shrank it ${res.shrinks} times (${res.shrinkWalks} walks) to ${steps} steps, ${after} after boot`,
    ...('random' in r.layout ? [`  shrunk layout: ${m.config.layout.name} (saved inline with --out)`] : []),
    `  choices: [${cx.choices.join(', ')}]`,
    `  replay: ${replayCommand(args, res)}`,
    '',
    ...tellViolation(m, cx.violation, c, { how: `random walk, seed ${res.seed}, shrunk by fast-check` }),
    '',
    c.red(c.bold(`VIOLATION: ${cx.violation.property} fails after ${steps} steps (${after} after boot)`)),
  );
  return lines.join('\n');
}

/** Writes the counterexample as an ITF trace; returns the line to print. */
export function writeSimulationTrace(res: SimResult, file: string, patchArgs: readonly string[]): string {
  const cx = res.counterexample!;
  const v = cx.violation;
  writeItf(file, toItf(cx.model, v.property, v.message, v.trace, { origin: 'simulate', seed: res.seed, patchArgs }));
  return `wrote ${file} (${v.property}, ${v.trace.length - 1} steps, seed ${res.seed})`;
}

export const simulationExit = (res: SimResult): number => (res.verdict === 'violation' ? EXIT.violation : EXIT.bounded);
