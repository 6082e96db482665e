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
import type { Violation } from '../explore/model.ts';
import { simulate, type SimulationResult } from '../explore/simulate.ts';
import { traceJSON } from '../explore/trace.ts';
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import { formatRange } from '../model/layout/sizes.ts';
import type { Layout } from '../model/layout/types.ts';
import type { StateVector } from '../model/state.ts';
import type { Bounds } from '../sweep/enumerate.ts';
import { specLayout } from '../sweep/layout-file.ts';
import { randomLayoutSpec } from '../sweep/random-layout.ts';
import { EXIT, VERSION } from './check.ts';
import { layoutToRaw, toItf, writeItf } from './itf.ts';
import { replayPath } from './replay-path.ts';
import { runModel } from './saved-run.ts';
import { shrinkRun } from './shrink.ts';
import { tellViolation } from './story.ts';

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

const actionIdsOf = (v: Violation<StateVector>): number[] => v.trace.slice(1).map((t) => t.actionId!);

const walkBound = (r: SimulateRun): string => `${r.runs.toLocaleString('en-US')} walks of at most ${r.depth} chosen steps`;

/** What was searched, in one phrase: `layout X` or `random layouts within bounds`. */
function searched(r: SimulateRun): string {
  if (!('random' in r.layout)) return `layout ${r.layout.name}`;
  const b = r.layout.random;
  return `random layouts (at most ${b.nodes} nodes, ${b.blocks} blocks, ${b.dimms} DIMMs, ${b.pmem} pmem)`;
}

/** A layout in one line: each node with its CPUs, boot ranges, DIMMs and pmem. */
export function layoutSummary(l: Layout): string {
  return l.nodes.map((n) => {
    const what = [
      ...(n.cpus ? ['CPUs'] : []),
      ...l.boot.filter((b) => b.node === n.id).map((b) => `boot RAM ${formatRange(b)}`),
      ...l.dimms.filter((d) => d.node === n.id).map((d) => `${d.name} (${d.plugged === 'no' ? 'hot-plugged' : d.plugged === 'boot' ? 'in the boot memory map' : 'ACPI, SYSTEM_SCHEDULING'})`),
      ...l.pmem.filter((p) => p.node === n.id).map((p) => `pmem ${p.name}`),
    ];
    return `node${n.id}: ${what.length ? what.join(', ') : 'nothing'}`;
  }).join('; ');
}

const rate = (res: SimResult): number => Math.round((res.steps + res.shrinkSteps) / Math.max(res.seconds, 1e-9));

export function simulationJson(r: SimulateRun, { res, shrunk }: SimOutcome): Record<string, unknown> {
  const m = shrunk?.model;
  const v = shrunk?.violation;
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
    summary: v ? `${v.property} violated` : `no violation in ${walkBound(r)}`,
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
    ...(shrunk && m && v ? {
      layoutFile: layoutToRaw(m.config.layout),
      dropped: shrunk.dropped,
      choices: res.counterexample!.choices,
      foundAtSteps: res.counterexample!.foundAtSteps,
      fastCheckSteps: shrunk.fastCheckSteps,
      steps: v.trace.length - 1,
      stepsAfterBoot: stepsAfterBoot(m, actionIdsOf(v)),
    } : {}),
    violations: m && v ? [{
      property: v.property,
      message: v.message,
      trace: traceJSON(m, v.trace),
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

export function simulationReport(r: SimulateRun, { res, shrunk }: SimOutcome, args: readonly string[], color: boolean): string {
  const c = pc.createColors(color);
  const patches = r.config.patches.length ? r.config.patches.map((p) => p.name).join(', ') : 'none';
  const lines = [
    `hpcheck ${VERSION} simulate: ${searched(r)}, kernel ${r.config.profile.name}, patches: ${patches}`,
    `  properties: ${r.config.properties.map((p) => p.name).join(', ')}`,
    `  seed ${res.seed}: ${walkBound(r)}; ${res.walks.toLocaleString('en-US')} walks, ${res.steps.toLocaleString('en-US')} actions, ${res.seconds.toFixed(2)} s (${rate(res).toLocaleString('en-US')} actions/s)`,
  ];
  if (shrunk === null) {
    lines.push('', c.yellow(c.bold(`BOUNDED: no violation in ${walkBound(r)} (seed ${res.seed}); a random search proves nothing`)));
    return lines.join('\n');
  }
  const { model: m, violation: v } = shrunk;
  const steps = v.trace.length - 1;
  const after = stepsAfterBoot(m, actionIdsOf(v));
  lines.push(
    `  found in walk ${res.walks} after ${res.counterexample!.foundAtSteps} steps; fast-check shrank it ${res.shrinks} times (${res.shrinkWalks} walks) to ${shrunk.fastCheckSteps} steps; the trace shrinker to ${steps} steps, ${after} after boot`,
    ...('random' in r.layout ? [
      `  layout: ${res.counterexample!.model.config.layout.name} as fast-check shrank it${shrunk.dropped.length ? `, then dropped ${shrunk.dropped.join(', ')}` : ''}`,
      `    ${layoutSummary(m.config.layout)}`,
    ] : []),
    `  replay: ${replayCommand(args, res)}`,
    '',
    ...tellViolation(m, v, c, { how: `random walk, seed ${res.seed}, shrunk` }),
    '',
    c.red(c.bold(`VIOLATION: ${v.property} fails after ${steps} steps (${after} after boot)`)),
  );
  return lines.join('\n');
}

/** Writes the counterexample as an ITF trace; returns the line to print. */
export function writeSimulationTrace(r: SimulateRun, { res, shrunk }: SimOutcome, file: string): string {
  const { model, violation: v } = shrunk!;
  writeItf(file, toItf(model, v.property, v.message, v.trace, { origin: 'simulate', seed: res.seed, patchArgs: r.patchArgs }));
  return `wrote ${file} (${v.property}, ${v.trace.length - 1} steps, seed ${res.seed})`;
}

export const simulationExit = ({ res }: SimOutcome): number => (res.verdict === 'violation' ? EXIT.violation : EXIT.bounded);
