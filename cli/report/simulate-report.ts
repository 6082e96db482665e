/**
 * The report of `hpcheck simulate`: the JSON object, the human report with the replay command
 * and the story, and the saved trace.
 */
import pc from 'picocolors';
import type { Violation } from '../../explore/model.ts';
import { formatRange } from '../../model/layout/sizes.ts';
import type { Layout } from '../../model/layout/types.ts';
import type { StateVector } from '../../model/state.ts';
import { layoutToRaw, toItf, writeItf } from '../../run/itf.ts';
import { stepsAfterBoot, type SimOutcome, type SimResult, type SimulateRun } from '../../run/simulate.ts';
import { EXIT, VERSION } from '../../run/version.ts';
import { tellViolation } from './story.ts';

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
      trace: v.trace.map((t) => ({ action: t.action, state: m.toJSON(t.state) })),
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
