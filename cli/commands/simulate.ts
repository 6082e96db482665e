/**
 * The commander definition of `simulate` and its flags, checked into a SimulateRun or one
 * line naming the flag and the reason (exit 2).
 */
import { Option, type Command } from 'commander';
import { loadLayout } from '../../model/layout/load.ts';
import { LAYOUT_LIMITS } from '../../model/layout/types.ts';
import type { Bounds } from '../../model/layout/enumerate.ts';
import { usageError } from '../options/usage.ts';
import { resolveKernel } from '../../run/resolve.ts';
import { DEFAULT_DEPTH, DEFAULT_RUNS, runSimulation, type SimulateRun } from '../../run/simulate.ts';
import { simulationExit, simulationJson, simulationReport, writeSimulationTrace } from '../report/simulate-report.ts';
import { readBounds, wholeNumber } from '../options/sweep-options.ts';
import { unwritable } from '../trace/trace-files.ts';
import type { Loaded } from '../../run/user-patch.ts';

/** Random layouts: small enough to shrink quickly, large enough for every seed scenario. */
export const DEFAULT_RANDOM_BOUNDS: Bounds = { nodes: 3, blocks: 6, dimms: 3, pmem: 1 };

export interface SimulateFlags {
  layout?: string; layouts?: string; kernel?: string; patch: string[]; property: string[];
  runs?: string; depth?: string; seed?: string; path?: string;
  maxNodes?: string; maxBlocks?: string; maxDimms?: string; maxPmem?: string;
  json?: boolean; out?: string; color: boolean;
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function parseSeed(text: string | undefined): Loaded<number> {
  if (text === undefined) return { ok: true, value: (Date.now() ^ Math.floor(Math.random() * 0x100000000)) | 0 };
  if (!/^-?[0-9]+$/.test(text) || Number(text) < -(2 ** 31) || Number(text) >= 2 ** 31) return fail(`--seed ${text}: must be a whole number from -2147483648 to 2147483647`);
  return { ok: true, value: Number(text) };
}

function parseRandomBounds(f: SimulateFlags): Loaded<Bounds> {
  return readBounds({ nodes: f.maxNodes, blocks: f.maxBlocks, dimms: f.maxDimms, pmem: f.maxPmem }, '--max-', DEFAULT_RANDOM_BOUNDS, LAYOUT_LIMITS.maxSections);
}

function parseLayoutFlags(f: SimulateFlags): Loaded<SimulateRun['layout']> {
  const boundFlags = (['maxNodes', 'maxBlocks', 'maxDimms', 'maxPmem'] as const).filter((k) => f[k] !== undefined);
  if (f.layout !== undefined && f.layouts !== undefined) return fail('--layout and --layouts: give one of them');
  if (f.layouts !== undefined) {
    if (f.layouts !== 'random') return fail(`--layouts ${f.layouts}: the only value is "random"`);
    const bounds = parseRandomBounds(f);
    return bounds.ok ? { ok: true, value: { random: bounds.value } } : bounds;
  }
  if (boundFlags.length > 0) return fail(`--${boundFlags[0]!.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}: only with --layouts random`);
  if (f.layout === undefined) return fail('--layout: required (a built-in name or a YAML/JSON file), or --layouts random');
  const l = loadLayout(f.layout);
  return l.ok ? { ok: true, value: l.layout } : fail(l.error);
}

/** parseSimulateFlags() - the checked run, or the first bad flag in one line. */
export async function parseSimulateFlags(f: SimulateFlags): Promise<Loaded<SimulateRun>> {
  const layout = parseLayoutFlags(f);
  if (!layout.ok) return layout;
  const config = await resolveKernel(f);
  if (!config.ok) return config;
  const runs = wholeNumber('--runs', f.runs, DEFAULT_RUNS, 1, 100_000_000);
  if (!runs.ok) return runs;
  const depth = wholeNumber('--depth', f.depth, DEFAULT_DEPTH, 1, 100_000);
  if (!depth.ok) return depth;
  const seed = parseSeed(f.seed);
  if (!seed.ok) return seed;
  if (f.path !== undefined && !/^[0-9]+(:[0-9]+)*$/.test(f.path)) return fail(`--path ${f.path}: must be fast-check's replay path, numbers joined by colons (e.g. 5:37:35)`);
  if (f.path !== undefined && f.seed === undefined) return fail('--path: needs the --seed it was found with');
  const cannot = f.out === undefined ? null : unwritable('--out', f.out);
  if (cannot) return fail(cannot);
  return {
    ok: true,
    value: { config: config.value, patchArgs: f.patch, layout: layout.value, runs: runs.value, depth: depth.value, seed: seed.value, ...(f.path === undefined ? {} : { path: f.path }) },
  };
}

async function simulateCommand(flags: SimulateFlags): Promise<void> {
  const run = await parseSimulateFlags(flags);
  if (!run.ok) usageError(run.error);
  const res = runSimulation(run.value);
  if (flags.json) process.stdout.write(`${JSON.stringify(simulationJson(run.value, res))}\n`);
  else process.stdout.write(`${simulationReport(run.value, res, process.argv.slice(2), flags.color && process.stdout.isTTY === true)}\n`);
  if (flags.out) {
    const line = res.shrunk ? writeSimulationTrace(run.value, res, flags.out) : 'no counterexample: --out not written';
    process.stderr.write(`hpcheck: ${line}\n`);
  }
  process.exitCode = simulationExit(res);
}

const collect = (value: string, prev: string[]): string[] => [...prev, value];

/** Adds `simulate` to the program. */
export function addSimulateCommand(p: Command): void {
  const b = DEFAULT_RANDOM_BOUNDS;
  p.command('simulate')
    .description('random walks with fast-check over a layout too large to enumerate; a violation is shrunk')
    .option('--layout <layout>', 'a built-in layout name or a YAML/JSON file')
    .option('--layouts <random>', 'random layouts, shrunk with the walk ("random")')
    .option('--kernel <version>', 'kernel profile')
    .option('--patch <patch>', 'a named patch or a ./file.ts module (repeatable)', collect, [])
    .option('--property <name>', 'check only this property (repeatable; default: all)', collect, [])
    .option('--runs <n>', `random walks (default ${DEFAULT_RUNS})`)
    .option('--depth <n>', `most chosen steps a walk (default ${DEFAULT_DEPTH}); boot steps, which offer no choice, are free`)
    .option('--seed <n>', 'fast-check seed (default: a random one, printed)')
    .option('--path <path>', "fast-check's replay path of a counterexample (with its --seed)")
    .option('--max-nodes <n>', `--layouts random: most NUMA nodes (default ${b.nodes})`)
    .option('--max-blocks <n>', `--layouts random: most 256M memory blocks (default ${b.blocks})`)
    .option('--max-dimms <n>', `--layouts random: most DIMMs (default ${b.dimms})`)
    .option('--max-pmem <n>', `--layouts random: most pmem ranges (default ${b.pmem})`)
    .option('--json', 'print one JSON object')
    .option('--out <file>', 'write the counterexample as an ITF trace that replay accepts')
    .addOption(new Option('--no-color', 'no colour in the story'))
    .action(simulateCommand);
}
