/**
 * `npm run test:conformance`: run the conformance catalogue (conformance/catalogue.ts)
 * against Linux under QEMU/TCG and print the table.
 *
 *   node --import tsx conformance/main.ts [--kernel FILE] [--profile v6.1] [--only NAME]... [--smoke] [--json]
 *
 * Exit codes: 0 every sequence passed; 1 a sequence failed; 2 bad input or usage.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { CATALOGUE } from './catalogue.ts';
import { findProfile } from '../model/kernels/profiles.ts';
import { prepare, runCatalogue, table } from './catalogue-run.ts';
import type { SequenceResult } from './run.ts';

/** Copies trace.json of each passing sequence to `dir`/<sequence>.json. */
function saveTraces(results: readonly SequenceResult[], workDir: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const r of results) if (r.pass) copyFileSync(join(workDir, r.name, 'trace.json'), join(dir, `${r.name}.json`));
}

function usage(message: string): never {
  process.stderr.write(`hpcheck conformance: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const program = new Command('conformance')
    .option('--kernel <file>', 'the vmlinuz to boot (default: $HPCHECK_KERNEL, else the one conformance/setup.sh fetches)')
    .option('--profile <name>', 'the model profile to compare with', 'v6.1')
    .option('--only <name...>', 'run only these sequences')
    .option('--smoke', 'run only the smoke subset')
    .option('--deadline <seconds>', 'wall-clock budget of one sequence, boot included', '240')
    .option('--json', 'print the results as one JSON object')
    .option('--save-traces <dir>', 'copy the recorded kernel trace of every passing sequence to DIR/<sequence>.json (the fixtures test/conformance/replay.test.ts replays)')
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  try {
    program.parse(process.argv);
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version')) process.exit(0);
    usage((e as Error).message.replace(/^error: /, ''));
  }
  const opts = program.opts<{ kernel?: string; profile: string; only?: string[]; smoke?: boolean; deadline: string; json?: boolean; saveTraces?: string }>();
  const profile = findProfile(opts.profile);
  if (!profile) usage(`--profile: unknown kernel profile "${opts.profile}"`);
  const deadline = Number(opts.deadline);
  if (!Number.isInteger(deadline) || deadline <= 0) usage(`--deadline: expected a positive whole number of seconds, got "${opts.deadline}"`);
  const names = new Set(CATALOGUE.sequences.map((s) => s.name));
  for (const n of opts.only ?? []) if (!names.has(n)) usage(`--only: no sequence named "${n}"`);
  const sequences = CATALOGUE.sequences.filter((s) => (opts.only ? opts.only.includes(s.name) : !opts.smoke || s.smoke));
  const env = prepare(opts.kernel);
  if (!env.ok) usage(env.error);
  const started = Date.now();
  const results = await runCatalogue(sequences, CATALOGUE, { ...env.value, profile, deadlineMs: deadline * 1000 }, (r) => {
    if (!opts.json) process.stderr.write(`${r.pass ? 'pass' : 'FAIL'}  ${r.name} (${r.seconds.toFixed(1)} s)\n`);
  });
  const seconds = (Date.now() - started) / 1000;
  if (opts.saveTraces !== undefined) saveTraces(results, env.value.workDir, opts.saveTraces);
  if (opts.json) process.stdout.write(`${JSON.stringify({ kernel: env.value.kernel, profile: profile.name, seconds, abstractions: CATALOGUE.abstractions, results }, null, 2)}\n`);
  else process.stdout.write(table(results, CATALOGUE, env.value.kernel, profile.name, seconds));
  process.exitCode = results.every((r) => r.pass) ? 0 : 1;
}

await main();
