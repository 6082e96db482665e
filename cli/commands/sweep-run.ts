/**
 * `hpcheck sweep` and `hpcheck merge`: check every small layout under one or more kernels,
 * and combine the results files of shards into the summary a single sweep gives.
 * Exit: 0 every run verified, 1 a violation, 2 bad input, 3 a run bounded or missing, 130
 * interrupted (the results file can be resumed).
 */
import { VERSION } from '../../run/version.ts';
import { unwritable } from '../../run/output-files.ts';
import { enumerateLayouts } from '../../model/layout/enumerate.ts';
import { headerMismatch, readResults, type ResultsFile, type SweepHeader } from '../../sweep/results.ts';
import type { RunRecord } from '../../sweep/run.ts';
import { runSweep, shardClasses, type SweepOptions } from '../../sweep/sweep.ts';
import { formatSummary, summarize, summaryExit, type Summary } from '../../sweep/summary.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { sweepProgress } from '../report/progress-bar.ts';
import {
  makeConfig, parseBounds, parseJobs, parseKernels, parsePatches, parseProperties, parseShard, parseSweepMaxStates,
  type BoundFlags,
} from '../options/sweep-options.ts';
import type { Loaded } from '../../run/user-patch.ts';

export const EXIT_INTERRUPTED = 130;

export function usageExit(message: string): never {
  process.stderr.write(`hpcheck: ${message}\n`);
  process.exit(2);
}

export function unwrap<T>(r: Loaded<T>): T {
  if (!r.ok) usageExit(r.error);
  return r.value;
}

export interface RunFlags extends BoundFlags {
  patch: string[];
  property: string[];
  maxStates?: string;
  jobs?: string;
  out?: string;
  resume?: boolean;
  json?: boolean;
}

export interface SweepFlags extends RunFlags {
  kernel: string[];
  shard?: string;
}

/** The sweep options common to `sweep` and `prove`, less the configurations. */
export function commonOptions(f: RunFlags): Omit<SweepOptions, 'configs' | 'shard'> {
  if (f.resume && f.out === undefined) usageExit('--resume: needs --out FILE, the results file to continue');
  const cannot = f.out === undefined ? null : unwritable('--out', f.out);
  if (cannot) usageExit(cannot);
  const propertyFilter = unwrap(parseProperties(f.property));
  return {
    bounds: unwrap(parseBounds(f)),
    properties: propertyFilter.length ? propertyFilter : PROPERTIES.map((p) => p.name),
    propertyFilter,
    maxStates: unwrap(parseSweepMaxStates(f.maxStates)),
    jobs: unwrap(parseJobs(f.jobs)),
    ...(f.out !== undefined ? { out: f.out } : {}),
    resume: f.resume === true,
  };
}

/** Runs a sweep with a progress bar and Ctrl-C handling; exits on bad input or interrupt. */
export async function sweepWithProgress(o: SweepOptions, showProgress: boolean) {
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    process.stderr.write('\nhpcheck: stopping after the runs in progress (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  const bar = sweepProgress(showProgress);
  const outcome = await runSweep({ ...o, onStart: bar.start, onRecord: bar.record, stopped: () => interrupted });
  bar.stop();
  process.off('SIGINT', onSigint);
  const value = unwrap(outcome);
  if (interrupted) {
    const where = o.out ? `; continue with the same command and --resume (results so far in ${o.out})` : '';
    process.stderr.write(`hpcheck: interrupted after ${value.summary.runs} of ${value.summary.expectedRuns} runs${where}\n`);
    process.exit(EXIT_INTERRUPTED);
  }
  return value;
}

export function summaryJson(s: Summary, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { tool: 'hpcheck', version: VERSION, ...s, ...extra };
}

export async function sweepCommand(f: SweepFlags): Promise<void> {
  const kernels = unwrap(parseKernels(f.kernel));
  const patches = unwrap(await parsePatches(f.patch));
  const options: SweepOptions = {
    ...commonOptions(f),
    configs: kernels.map((k) => makeConfig(k, patches)),
    shard: unwrap(parseShard(f.shard)),
  };
  const outcome = await sweepWithProgress(options, f.json !== true);
  const s = outcome.summary;
  const seconds = Number(outcome.seconds.toFixed(1));
  if (f.json) {
    process.stdout.write(`${JSON.stringify(summaryJson(s, { shard: options.shard, seconds, jobs: options.jobs }))}\n`);
  } else {
    const shard = options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : '';
    const lines = formatSummary(s);
    lines.push('', `Time: ${seconds} s on ${options.jobs} job${options.jobs === 1 ? '' : 's'}${shard}${outcome.resumed ? ` (${outcome.resumed} runs resumed from ${options.out})` : ''}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = summaryExit(s);
}

function checkRecords(path: string, file: ResultsFile, names: ReadonlyMap<number, string>): void {
  for (const [i, r] of file.records.entries()) {
    const name = names.get(r.layout);
    if (name !== r.name) {
      usageExit(`${path}: line ${i + 2}: layout ${r.layout} is ${r.name} there but ${name ?? 'absent'} in this hpcheck's enumeration`);
    }
  }
}

/**
 * mergeResults() - the summary of several results files of one sweep (its shards).
 * Return: the summary and the shards present, or one line saying why the files do not fit.
 */
export function mergeResults(paths: readonly string[]): Loaded<{ summary: Summary; header: SweepHeader; missing: number[] }> {
  const files: ResultsFile[] = [];
  for (const p of paths) {
    const r = readResults(p);
    if (!r.ok) return r;
    files.push(r.value);
  }
  const first = files[0]!.header;
  for (const [i, f] of files.entries()) {
    const mismatch = headerMismatch(first, f.header, true);
    if (mismatch) return { ok: false, error: `${paths[i]}: not a shard of the same sweep as ${paths[0]}: ${mismatch}` };
    if ((f.header.shard?.count ?? 1) !== (first.shard?.count ?? 1)) {
      return { ok: false, error: `${paths[i]}: shard count ${f.header.shard?.count ?? 1} differs from ${paths[0]} (${first.shard?.count ?? 1})` };
    }
  }
  const all = enumerateLayouts(first.bounds);
  if (all.classes.length !== first.classes) {
    return { ok: false, error: `${paths[0]}: ${first.classes} classes recorded, but this hpcheck enumerates ${all.classes.length} for those bounds` };
  }
  const names = new Map(all.classes.map((c) => [c.index, c.name]));
  files.forEach((f, i) => checkRecords(paths[i]!, f, names));
  const count = first.shard?.count ?? 1;
  const present = new Set(files.map((f) => f.header.shard?.index ?? 1));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i));
  const classes = first.shard === null ? all.classes : [...present].flatMap((index) => shardClasses(all.classes, { index, count }));
  const records: RunRecord[] = files.flatMap((f) => f.records);
  const plan = { bounds: first.bounds, configs: first.configs.map((c) => c.label), properties: first.properties, classes: [...classes].sort((a, b) => a.index - b.index) };
  return { ok: true, value: { summary: summarize(plan, records), header: first, missing } };
}

export function mergeCommand(paths: string[], f: { json?: boolean }): void {
  if (paths.length === 0) usageExit('merge: name the results files to merge (the --out files of the shards)');
  const { summary, header, missing } = unwrap(mergeResults(paths));
  const count = header.shard?.count ?? 1;
  if (f.json) {
    process.stdout.write(`${JSON.stringify(summaryJson(summary, { shards: count, missingShards: missing }))}\n`);
  } else {
    const lines = formatSummary(summary);
    if (missing.length) lines.push('', `Incomplete: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const code = summaryExit(summary);
  process.exitCode = code === 0 && missing.length > 0 ? 3 : code;
}
