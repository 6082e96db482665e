/**
 * `npm run bench`: the engine's throughput and memory, measured (docs/engine.md).
 *
 * 1. The benchmark layout (bench/layouts/, 2,347,493 reachable states under v5.1) searched exhaustively
 *    by the fast engine on one thread: distinct states per second, bytes per state (the
 *    visited set, the largest frontier and the trace columns, divided by the states), and
 *    the process's peak RSS.
 * 2. The naive reference explorer (objects, a Set of JSON keys) on the same layout in the
 *    same process, for its first --reference-states states: the ratio of the two rates.
 * 3. Scaling with worker threads on a smaller scenario, each count checked to give the
 *    same states and transitions.
 * 4. Throughput on every seed scenario run.
 * 5. The visited set alone, replaying the search's shape (states and lookups) with a model
 *    that costs nothing (ceiling.ts): the most any engine with this table could reach.
 * 6. Simulation: random walks (`hpcheck simulate`) on a big layout under a fixed kernel,
 *    where nothing is found, so every walk runs its length: actions per second.
 *
 * Figures are from one run on a shared machine: compare them within a run, not across runs.
 */
import { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { parallelSearch, referenceSearch, search, type SearchResult } from '../explore/index.ts';
import { MODEL_FACTORY_URL, createModel, specOf } from '../run/model-factory.ts';
import { resolveConfig } from '../run/resolve.ts';
import { SEED_SCENARIOS } from '../run/scenarios.ts';
import { modelForRun } from '../run/scenario-model.ts';
import { tableCeiling } from './ceiling.ts';
import type { HotplugConfig } from '../model/hotplug-model.ts';
import { DEFAULT_DEPTH, runSimulation } from '../run/simulate.ts';

const BENCH_LAYOUT = fileURLToPath(new URL('./layouts/three-dimms-two-nodes.yaml', import.meta.url));

interface Flags {
  json?: boolean; layout: string; kernel: string; referenceStates: string; workers: string;
  scalingLayout: string; scalingKernel: string; seeds: boolean;
  simLayout: string; simKernel: string; simWalks: string;
}

async function config(layout: string, kernel: string, patches: readonly string[] = [], properties: readonly string[] = []): Promise<HotplugConfig> {
  const cfg = await resolveConfig({ layout, kernel, patch: patches, property: properties });
  if (!cfg.ok) {
    process.stderr.write(`bench: ${cfg.error}\n`);
    process.exit(2);
  }
  return cfg.value;
}

const perSecond = (n: number, seconds: number): number => Math.round(n / Math.max(seconds, 1e-9));
const bytesOf = (r: SearchResult<Uint16Array>): number => {
  const b = r.storage.bytes!;
  return b.visited + b.queue + b.trace;
};
const say = (line: string): void => { process.stderr.write(`${line}\n`); };

async function main(flags: Flags): Promise<void> {
  const referenceStates = Number(flags.referenceStates);
  const workerCounts = flags.workers.split(',').map(Number);
  if (!Number.isInteger(referenceStates) || referenceStates < 1) throw new Error(`--reference-states ${flags.referenceStates}: must be a positive whole number`);
  if (workerCounts.some((w) => !Number.isInteger(w) || w < 1)) throw new Error(`--workers ${flags.workers}: must be a comma-separated list of positive whole numbers`);

  const mainCfg = await config(flags.layout, flags.kernel);
  const model = await createModel(specOf(mainCfg));
  say(`bench: ${mainCfg.layout.name} on ${flags.kernel}, fast engine, one thread...`);
  const fast = search(model, model.properties);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const lookups = fast.storage.lookups ?? fast.transitions;
  say(`bench: the visited set alone at ${(lookups / fast.states).toFixed(1)} lookups per state...`);
  const ceiling = tableCeiling(fast.states, lookups);
  say(`bench: reference explorer, first ${referenceStates} states...`);
  const refStart = performance.now();
  const ref = referenceSearch(model, model.properties, { maxStates: referenceStates });
  const refSeconds = (performance.now() - refStart) / 1000;

  const scalingCfg = await config(flags.scalingLayout, flags.scalingKernel);
  const scaling: { workers: number; states: number; transitions: number; seconds: number; statesPerSecond: number }[] = [];
  for (const workers of workerCounts) {
    say(`bench: ${scalingCfg.layout.name} on ${flags.scalingKernel} with ${workers} worker(s)...`);
    const m = await createModel(specOf(scalingCfg));
    const r = workers === 1 ? search(m, m.properties)
      : await parallelSearch(m, m.properties, { workers, worker: { module: MODEL_FACTORY_URL, spec: specOf(scalingCfg) } });
    scaling.push({ workers, states: r.states, transitions: r.transitions, seconds: r.seconds, statesPerSecond: perSecond(r.states, r.seconds) });
  }
  const sameEverywhere = scaling.every((s) => s.states === scaling[0]!.states && s.transitions === scaling[0]!.transitions);

  const seeds = [];
  if (flags.seeds) {
    for (const s of SEED_SCENARIOS) {
      for (const run of [s.buggy, ...s.fixed]) {
        const layout = run.layout ?? s.name;
        const m = await modelForRun({ layout, kernel: run.kernel, patch: run.patches, property: run.properties });
        if (!m.ok) throw new Error(`bench: ${m.error}`);
        const r = search(m.value, m.value.properties);
        seeds.push({
          scenario: s.name, layout, kernel: run.kernel, patches: run.patches, verdict: r.verdict,
          states: r.states, transitions: r.transitions, seconds: r.seconds, statesPerSecond: perSecond(r.states, r.seconds),
        });
      }
    }
  }

  const simCfg = await config(flags.simLayout, flags.simKernel);
  say(`bench: simulate ${simCfg.layout.name} on ${flags.simKernel}, ${flags.simWalks} walks...`);
  const sim = runSimulation({ config: simCfg, patchArgs: [], layout: simCfg.layout, runs: Number(flags.simWalks), depth: DEFAULT_DEPTH, seed: 1 }).res;
  const simulation = {
    layout: simCfg.layout.name, kernel: flags.simKernel, verdict: sim.verdict, walks: sim.walks, depth: DEFAULT_DEPTH,
    actions: sim.steps, seconds: Number(sim.seconds.toFixed(3)), actionsPerSecond: perSecond(sim.steps, sim.seconds),
  };

  const statesPerSecond = perSecond(fast.states, fast.seconds);
  const referenceStatesPerSecond = perSecond(ref.states, refSeconds);
  const report = {
    layout: mainCfg.layout.name,
    kernel: flags.kernel,
    verdict: fast.verdict,
    states: fast.states,
    transitions: fast.transitions,
    seconds: Number(fast.seconds.toFixed(3)),
    workers: 1,
    statesPerSecond,
    transitionsPerSecond: perSecond(fast.transitions, fast.seconds),
    referenceStates: ref.states,
    referenceSeconds: Number(refSeconds.toFixed(3)),
    referenceStatesPerSecond,
    ratio: Number((statesPerSecond / referenceStatesPerSecond).toFixed(1)),
    bytesPerState: Number((bytesOf(fast) / fast.states).toFixed(1)),
    lookupsPerState: Number((lookups / fast.states).toFixed(2)),
    tableOnlyStatesPerSecond: ceiling.statesPerSecond,
    memory: fast.storage.bytes,
    stateBits: fast.storage.stateBits,
    peakRssBytes,
    collisionProbability: fast.storage.collisionProbability,
    scaling: { layout: scalingCfg.layout.name, kernel: flags.scalingKernel, sameResults: sameEverywhere, runs: scaling },
    seeds,
    simulation,
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(table(report));
  }
  if (!sameEverywhere) process.exitCode = 1;
}

function table(r: {
  layout: string; kernel: string; states: number; transitions: number; seconds: number; statesPerSecond: number;
  transitionsPerSecond: number; lookupsPerState: number; tableOnlyStatesPerSecond: number; referenceStates: number; referenceStatesPerSecond: number; ratio: number; bytesPerState: number;
  peakRssBytes: number; stateBits: number | null; collisionProbability: number;
  scaling: { layout: string; kernel: string; sameResults: boolean; runs: { workers: number; states: number; seconds: number; statesPerSecond: number }[] };
  seeds: { scenario: string; kernel: string; patches: readonly string[]; layout: string; states: number; seconds: number; statesPerSecond: number }[];
  simulation: { layout: string; kernel: string; verdict: string; walks: number; depth: number; actions: number; seconds: number; actionsPerSecond: number };
}): string {
  const rows: [string, string][] = [
    ['layout', `${r.layout} on ${r.kernel}`],
    ['states (exhaustive)', `${r.states.toLocaleString('en')} in ${r.seconds.toFixed(2)} s`],
    ['states per second', r.statesPerSecond.toLocaleString('en')],
    ['transitions per second', `${r.transitionsPerSecond.toLocaleString('en')} (${(r.transitions / r.states).toFixed(1)} per state)`],
    ['lookups per state', `${r.lookupsPerState} (successors that differ from their parent)`],
    ['visited set alone', `${r.tableOnlyStatesPerSecond.toLocaleString('en')} states/s at that many lookups (bench/ceiling.ts)`],
    ['reference states per second', `${r.referenceStatesPerSecond.toLocaleString('en')} (first ${r.referenceStates.toLocaleString('en')} states)`],
    ['ratio', `${r.ratio}x`],
    ['bytes per state', `${r.bytesPerState} (state ${r.stateBits} bits packed)`],
    ['peak RSS', `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`],
    ['collision probability', r.collisionProbability.toExponential(1)],
    ['simulation actions per second', `${r.simulation.actionsPerSecond.toLocaleString('en')} (${r.simulation.walks.toLocaleString('en')} walks of at most ${r.simulation.depth} choices on ${r.simulation.layout} ${r.simulation.kernel}: ${r.simulation.actions.toLocaleString('en')} actions in ${r.simulation.seconds.toFixed(2)} s, ${r.simulation.verdict})`],
  ];
  const lines = rows.map(([k, v]) => `${k.padEnd(30)}${v}`);
  lines.push('', `scaling on ${r.scaling.layout} ${r.scaling.kernel}${r.scaling.sameResults ? ' (same states and transitions for every count)' : ' (RESULTS DIFFER)'}:`);
  for (const s of r.scaling.runs) lines.push(`  ${String(s.workers).padStart(2)} worker(s)  ${s.seconds.toFixed(2).padStart(7)} s  ${s.statesPerSecond.toLocaleString('en').padStart(10)} states/s`);
  if (r.seeds.length) {
    lines.push('', 'seed scenarios:');
    for (const s of r.seeds) {
      const what = [s.scenario, s.kernel, ...s.patches.map((p) => `+${p}`), ...(s.layout !== s.scenario ? [`(${s.layout})`] : [])].join(' ');
      lines.push(`  ${what.padEnd(58)}${String(s.states).padStart(8)} states  ${s.seconds.toFixed(3).padStart(7)} s  ${s.statesPerSecond.toLocaleString('en').padStart(9)} states/s`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const program = new Command('bench')
  .description('measure the fast engine against the reference explorer')
  .option('--json', 'print one JSON object')
  .option('--layout <layout>', 'the benchmark layout', BENCH_LAYOUT)
  .option('--kernel <version>', 'the benchmark kernel', 'v5.1')
  .option('--reference-states <n>', 'states the reference explorer runs for', '100000')
  .option('--workers <list>', 'worker counts for the scaling run', '1,2')
  .option('--scaling-layout <layout>', 'the layout of the scaling run', 'udev-online-movable')
  .option('--scaling-kernel <version>', 'the kernel of the scaling run', 'v5.4')
  .option('--no-seeds', 'skip the seed scenarios')
  .option('--sim-layout <layout>', 'the layout of the simulation run', 'ppc64-lpar-dlpar')
  .option('--sim-kernel <version>', 'the kernel of the simulation run', 'v6.1')
  .option('--sim-walks <n>', 'random walks in the simulation run', '2000');
program.parse();
try {
  await main(program.opts<Flags>());
} catch (e) {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(2);
}
