/**
 * The commander definitions of `sweep`, `prove`, `merge` and `layouts`.
 */
import type { Command } from 'commander';
import { PROFILES } from '../../model/kernels/profiles.ts';
import { layoutsCommand } from './layouts.ts';
import { proveCommand } from './prove.ts';
import { mergeCommand, sweepCommand } from './sweep-run.ts';
import { DEFAULT_BOUNDS, DEFAULT_MAX_STATES } from '../options/sweep-options.ts';

const collect = (value: string, prev: string[]): string[] => [...prev, value];

function boundOptions(c: Command): Command {
  return c
    .option('--nodes <n>', `most NUMA nodes (default ${DEFAULT_BOUNDS.nodes})`)
    .option('--blocks <n>', `most memory blocks (default ${DEFAULT_BOUNDS.blocks})`)
    .option('--dimms <n>', `most DIMMs, any plugged (default ${DEFAULT_BOUNDS.dimms})`)
    .option('--pmem <n>', `most pmem ranges sharing an early section (default ${DEFAULT_BOUNDS.pmem})`);
}

function runOptions(c: Command): Command {
  return boundOptions(c)
    .option('--patch <patch>', 'a named patch or a ./file.ts module (repeatable)', collect, [])
    .option('--property <name>', 'check only this property (repeatable; default: all)', collect, [])
    .option('--max-states <n>', `per run: stop after n states and report the run as bounded (default ${DEFAULT_MAX_STATES}; none for no limit)`)
    .option('--jobs <n>', 'worker threads (default: the number of CPUs)')
    .option('--out <file>', 'write every run as a JSON line to this file')
    .option('--resume', 'continue the sweep recorded in the --out file')
    .option('--json', 'print the summary as one JSON object');
}

export function registerSweepCommands(p: Command): void {
  runOptions(p.command('sweep').description('check every small layout within the bounds, reduced by node renaming'))
    .option('--kernel <version>', `a kernel profile (repeatable), or all (default): ${PROFILES.map((x) => x.name).join(', ')}`, collect, [])
    .option('--shard <i/n>', 'run the i-th of n deterministic shares of the layouts')
    .action(sweepCommand);
  runOptions(p.command('prove').description('sweep with and without a patch: violations removed and introduced, and what was covered'))
    .option('--kernel <version>', 'the kernel profile the patch applies to')
    .action(proveCommand);
  p.command('merge')
    .description('combine the --out files of sweep shards into one summary')
    .argument('<files...>', 'results files (JSON lines) of the shards')
    .option('--json', 'print the summary as one JSON object')
    .action(mergeCommand);
  boundOptions(p.command('layouts').description('list the layouts a sweep enumerates, or print one as a layout file'))
    .option('--show <name>', 'print the layout file (YAML) of a layout named as in sweep output')
    .action(layoutsCommand);
}
