/**
 * A sweep: every enumerated layout class (or a shard's share of them) under every kernel
 * configuration, on a worker pool, with records appended to a results file and an
 * interrupted sweep resumable from it.
 */
import { VERSION } from '../run/version.ts';
import { enumerateLayouts, type Bounds, type LayoutClass } from '../model/layout/enumerate.ts';
import { runTasks } from './pool.ts';
import { ResultsWriter, headerMismatch, readResults, runKey, type Read, type Shard, type SweepHeader } from './results.ts';
import type { RunConfig, RunRecord, RunTask } from './run.ts';
import { summarize, type Plan, type Summary } from './summary.ts';

export interface SweepOptions {
  readonly bounds: Bounds;
  readonly configs: readonly RunConfig[];
  /** Property names, resolved: every property when none was named. */
  readonly properties: readonly string[];
  /** Named on the command line; empty means all (what each run is told). */
  readonly propertyFilter: readonly string[];
  readonly maxStates: number | null;
  readonly shard: Shard | null;
  readonly jobs: number;
  /** The results file; with `resume`, the one to continue. */
  readonly out?: string;
  readonly resume?: boolean;
  /** Called once the runs to do are known, and after each run. */
  readonly onStart?: (total: number, done: number) => void;
  readonly onRecord?: (r: RunRecord) => void;
  readonly stopped?: () => boolean;
}

export interface SweepOutcome {
  readonly header: SweepHeader;
  readonly plan: Plan;
  readonly records: readonly RunRecord[];
  readonly summary: Summary;
  /** Records taken over from the file being resumed. */
  readonly resumed: number;
  readonly seconds: number;
}

/** shardClasses() - the classes of shard i/n: those whose index is i-1 modulo n. */
export function shardClasses(classes: readonly LayoutClass[], shard: Shard | null): LayoutClass[] {
  return shard ? classes.filter((c) => c.index % shard.count === shard.index - 1) : [...classes];
}

function plannedTasks(o: SweepOptions, classes: readonly LayoutClass[], done: ReadonlySet<string>): RunTask[] {
  const tasks: RunTask[] = [];
  for (const c of classes) {
    for (const config of o.configs) {
      if (done.has(runKey({ layout: c.index, config: config.label }))) continue;
      tasks.push({ layout: c.index, name: c.name, members: c.members, spec: c.spec, config, properties: o.propertyFilter, maxStates: o.maxStates });
    }
  }
  return tasks;
}

/**
 * runSweep() - run the sweep described by @o.
 * Return: the outcome, or one line when the file to resume does not match this sweep.
 */
export async function runSweep(o: SweepOptions): Promise<Read<SweepOutcome>> {
  const started = performance.now();
  const all = enumerateLayouts(o.bounds);
  const classes = shardClasses(all.classes, o.shard);
  const header: SweepHeader = {
    type: 'sweep', tool: 'hpcheck', version: VERSION, bounds: o.bounds, configs: o.configs,
    properties: o.properties, maxStates: o.maxStates, shard: o.shard, classes: all.classes.length, layouts: all.layouts,
  };
  const records: RunRecord[] = [];
  let writer: ResultsWriter | undefined;
  if (o.out !== undefined && o.resume) {
    const old = readResults(o.out);
    if (old.ok) {
      const mismatch = headerMismatch(old.value.header, header, false);
      if (mismatch) return { ok: false, error: `--resume ${o.out}: a different sweep: ${mismatch}` };
      records.push(...old.value.records);
      writer = ResultsWriter.resume(o.out, old.value);
    } else if (!old.error.endsWith('no such file')) {
      return { ok: false, error: `--resume ${old.error}` };
    }
  }
  if (o.out !== undefined && !writer) writer = ResultsWriter.create(o.out, header);
  const resumed = records.length;
  const tasks = plannedTasks(o, classes, new Set(records.map(runKey)));
  o.onStart?.(tasks.length + resumed, resumed);
  try {
    await runTasks(tasks, {
      jobs: o.jobs,
      ...(o.stopped ? { stopped: o.stopped } : {}),
      onRecord: (r) => {
        writer?.append(r);
        records.push(r);
        o.onRecord?.(r);
      },
    });
  } finally {
    writer?.close();
  }
  const plan: Plan = { bounds: o.bounds, configs: o.configs.map((c) => c.label), properties: o.properties, classes };
  return { ok: true, value: { header, plan, records, summary: summarize(plan, records), resumed, seconds: (performance.now() - started) / 1000 } };
}
