/**
 * `npm run test:conformance`: run the conformance catalogue (conformance/catalogue.ts)
 * against Linux under QEMU/TCG and print the table.
 *
 *   node --import tsx conformance/main.ts [--kernel 6.1|6.12|7.2|FILE] [--profile vX.Y] [--only NAME]... [--smoke] [--json]
 *
 * `--kernel 6.12` fetches Debian's Linux 6.12 (conformance/setup.sh 6.12) and compares it with
 * the v6.12 profile; a FILE is compared with --profile (default v6.1).
 *
 * Exit codes: 0 every sequence passed; 1 a sequence failed; 2 bad input or usage.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { CATALOGUE } from './catalogue.ts';
import { findProfile } from '../model/kernels/profiles.ts';
import { fetchRelease, prepare, RELEASES, runCatalogue, table, type Release } from './catalogue-run.ts';
import type { SequenceResult } from './run.ts';
import { inSmoke, runsOn } from './sequence.ts';

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
    .option('--kernel <release|file>', `a Debian release to fetch and boot (${RELEASES.join(', ')}), or a vmlinuz (default: $HPCHECK_KERNEL, else 6.1)`)
    .option('--profile <name>', 'the model profile to compare with (default: the release\'s, v6.1 for a file)')
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
  const opts = program.opts<{ kernel?: string; profile?: string; only?: string[]; smoke?: boolean; deadline: string; json?: boolean; saveTraces?: string }>();
  const release = RELEASES.find((r) => r === opts.kernel || `v${r}` === opts.kernel);
  const profileName = opts.profile ?? (release ? `v${release}` : 'v6.1');
  const profile = findProfile(profileName);
  if (!profile) usage(`--profile: unknown kernel profile "${profileName}"`);
  const deadline = Number(opts.deadline);
  if (!Number.isInteger(deadline) || deadline <= 0) usage(`--deadline: expected a positive whole number of seconds, got "${opts.deadline}"`);
  const names = new Set(CATALOGUE.sequences.map((s) => s.name));
  for (const n of opts.only ?? []) if (!names.has(n)) usage(`--only: no sequence named "${n}"`);
  const target: Release = release ?? '6.1';
  const sequences = CATALOGUE.sequences.filter((s) => (opts.only ? opts.only.includes(s.name) : runsOn(s, target) && (!opts.smoke || inSmoke(s, target))));
  let image = release ? undefined : opts.kernel;
  if (release && process.env['HPCHECK_KERNEL'] === undefined) {
    const fetched = fetchRelease(release);
    if (!fetched.ok) usage(fetched.error);
    image = fetched.value;
  }
  const env = prepare(image, target);
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
