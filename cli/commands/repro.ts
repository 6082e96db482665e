/**
 * `hpcheck repro TRACE.itf.json`: a directory that runs the counterexample on a real kernel
 * under QEMU (repro/), and with --run, runs it there and reports each step.
 */
import { basename, join, resolve } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { prepare } from '../../conformance/catalogue-run.ts';
import { writeLockRepro } from '../../repro/lock.ts';
import { planRepro } from '../../repro/plan.ts';
import { predictAll } from '../../repro/predict.ts';
import { resultLines, runRepro } from '../../repro/run.ts';
import { writeRepro } from '../../repro/script.ts';
import { usageError as fail } from '../options/usage.ts';
import { readItf } from '../../run/itf.ts';
import { loadSavedRun } from '../../run/saved-run.ts';

interface ReproFlags { out?: string; kernel?: string; patch: string[]; run?: boolean; kernelImage?: string }

const collect = (value: string, prev: string[]): string[] => [...prev, value];

const say = (s: string): void => { process.stdout.write(`${s}\n`); };

async function reproCommand(file: string, f: ReproFlags): Promise<void> {
  const t = readItf(file);
  if (!t.ok) fail(t.error);
  const meta = t.value['#meta'];
  const dir = resolve(f.out ?? join('.', `${basename(file).replace(/\.itf\.json$|\.json$/, '')}.repro`));
  if (meta['model'] === 'lock') {
    const steps = writeLockRepro(dir, file, meta);
    say(`hpcheck: wrote ${dir} (README.md, guest.sh: every step is marked; a lock trace interleaves kernel threads)`);
    if (f.run) for (const [i, s] of steps.entries()) say(`step ${i + 1}  ${s.action}\n  NOT PERFORMED: ${s.why}`);
    return;
  }
  const run = await loadSavedRun(file, t.value, { kernel: f.kernel, patch: f.patch });
  if (!run.ok) fail(run.error);
  const plan = planRepro({ source: file, layout: run.value.layout, kernel: meta.kernel, patches: meta.patches, property: meta.property, message: meta.message, actions: run.value.actions });
  if (!plan.ok) fail(plan.error);
  const profileName = `${run.value.profile.name}${run.value.patchArgs.length ? ` +${run.value.patchArgs.join(' +')}` : ''}`;
  const predictions = await predictAll(plan.value, run.value.profile, run.value.patches);
  const steps = writeRepro(dir, plan.value, predictions, profileName);
  const marked = steps.filter((s) => s.step.unsupported).length;
  say(`hpcheck: wrote ${dir}: qemu.sh, host.sh, guest.sh, README.md (${steps.length - 1} steps after boot${marked ? `, ${marked} QEMU cannot perform, marked` : ''})`);
  if (!f.run) return;
  const env = prepare(f.kernelImage);
  if (!env.ok) fail(env.error);
  const workDir = join(dir, 'run');
  mkdirSync(workDir, { recursive: true });
  say(`booting ${env.value.kernel} under QEMU/TCG; each step is compared with ${profileName}`);
  const results = await runRepro(plan.value, run.value.profile, run.value.patches, { kernel: env.value.kernel, initrd: env.value.initrd, workDir, guestScript: readFileSync(join(dir, 'guest.sh'), 'utf8') }, (r) => { for (const l of resultLines(r, profileName)) say(l); });
  const count = (v: string) => results.filter((r) => r.verdict === v).length;
  say(`${count('PASS')} as predicted, ${count('FAIL')} otherwise, ${count('NOT PERFORMED')} not performed${count('ERROR') ? ', stopped by an error' : ''} (console log: ${join(workDir, 'console.log')})`);
  process.exitCode = count('FAIL') + count('ERROR') > 0 ? 1 : 0;
}

export function addReproCommand(p: Command): void {
  p.command('repro')
    .description('turn a counterexample (ITF trace) into a QEMU machine and scripts that run it on a real kernel')
    .argument('<trace>', 'an ITF trace (check --out, simulate --out, shrink)')
    .option('--out <dir>', 'the directory to write (default: TRACE.repro beside the current directory)')
    .option('--kernel <version>', 'predict with this kernel profile instead of the trace\'s (e.g. v6.1 for the fixed behaviour)')
    .option('--patch <patch>', 'predict with these patches instead of the trace\'s (repeatable; none for no patch)', collect, [])
    .option('--run', 'boot it under QEMU and report, step by step, whether the kernel did what the profile predicts')
    .option('--kernel-image <bzImage>', 'the kernel to boot with --run (default: the Debian 6.1 image conformance/setup.sh fetches)')
    .action(reproCommand);
}
