/**
 * `hpcheck check`: exhaustive search of one layout (or lock scenario) under one kernel, with
 * patches. Exit: 0 verified, 1 violation, 2 bad input, 3 bounded.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { PROFILES } from '../../model/kernels/profiles.ts';
import { isLockScenario, resolveLockConfig } from '../../run/lock-resolve.ts';
import { parseMaxStates, parseWorkers, resolveConfig } from '../../run/resolve.ts';
import { runCheck, runLockCheck } from '../../run/search.ts';
import { exitCode } from '../../run/version.ts';
import { usageError, wantsProgress } from '../options/usage.ts';
import { progressLine } from '../report/progress.ts';
import { humanReport, lockHumanReport, lockResultJson, resultJson } from '../report/report.ts';
import { unwritable, writeHtml, writeLockTraces, writeTraces } from '../trace/trace-files.ts';

const collect = (value: string, prev: string[]): string[] => [...prev, value];

interface CheckFlags {
  layout?: string; kernel?: string; patch: string[]; property: string[];
  maxStates?: string; json?: boolean; stopAtFirst?: boolean; exact?: boolean; workers?: string; color: boolean;
  out?: string; html?: string; progress?: boolean;
}

interface Limits { readonly maxStates: number; readonly workers: number }

async function checkCommand(flags: CheckFlags): Promise<void> {
  const max = parseMaxStates(flags.maxStates);
  if (!max.ok) usageError(max.error);
  const workers = parseWorkers(flags.workers);
  if (!workers.ok) usageError(workers.error);
  if (workers.value > 1 && flags.exact) usageError('--exact: runs on one thread; drop --workers');
  const limits = { maxStates: max.value, workers: workers.value };
  if (isLockScenario(flags.layout)) return lockCheck(flags, limits);
  const cfg = await resolveConfig(flags);
  if (!cfg.ok) usageError(cfg.error);
  const cannot = (flags.out && unwritable('--out', flags.out)) || (flags.html && unwritable('--html', flags.html));
  if (cannot) usageError(cannot);
  const { model, result } = await runCheck(cfg.value, {
    ...limits, stopAtFirst: flags.stopAtFirst === true, exact: flags.exact === true,
    progress: wantsProgress(flags) ? progressLine() : undefined,
  });
  if (flags.json) process.stdout.write(`${JSON.stringify(resultJson(model, result))}\n`);
  else process.stdout.write(`${humanReport(model, result, flags.color && process.stdout.isTTY === true)}\n`);
  const written = result.violations.length === 0 ? (flags.out || flags.html ? ['no counterexample: --out/--html not written'] : [])
    : [...(flags.out ? writeTraces(model, result, flags.out, flags.patch) : []), ...(flags.html ? [writeHtml(model, result, flags.html, flags.patch)] : [])];
  for (const line of written) process.stderr.write(`hpcheck: ${line}\n`);
  process.exitCode = exitCode(result);
}

/** `check` on a lock scenario (seed 003): the lock model, its report in lockdep's words. */
async function lockCheck(flags: CheckFlags, limits: Limits): Promise<void> {
  const cfg = resolveLockConfig(flags);
  if (!cfg.ok) usageError(cfg.error);
  if (flags.html) usageError(`--html ${flags.html}: the trace viewer draws hotplug layouts; lock scenario ${flags.layout} has --out and --json`);
  const cannot = flags.out && unwritable('--out', flags.out);
  if (cannot) usageError(cannot);
  const { model, result } = await runLockCheck(cfg.value, {
    ...limits, stopAtFirst: flags.stopAtFirst === true, exact: flags.exact === true,
    progress: wantsProgress(flags) ? progressLine() : undefined,
  });
  if (flags.json) process.stdout.write(`${JSON.stringify(lockResultJson(model, result))}\n`);
  else process.stdout.write(`${lockHumanReport(model, result, flags.color && process.stdout.isTTY === true)}\n`);
  const written = !flags.out ? [] : result.violations.length === 0 ? ['no counterexample: --out not written'] : writeLockTraces(model, result, flags.out);
  for (const line of written) process.stderr.write(`hpcheck: ${line}\n`);
  process.exitCode = exitCode(result);
}

export function addCheckCommand(p: Command): void {
  p.command('check')
    .description('exhaustive search of one layout under one kernel')
    .option('--layout <layout>', 'a built-in layout name or a YAML/JSON file')
    .option('--kernel <version>', `kernel profile: ${PROFILES.map((x) => x.name).join(', ')}`)
    .option('--patch <patch>', 'a named patch or a ./file.ts module (repeatable)', collect, [])
    .option('--property <name>', 'check only this property (repeatable; default: all)', collect, [])
    .option('--max-states <n>', 'stop after n distinct states; the verdict is then "bounded"')
    .option('--stop-at-first', 'stop at the first violation')
    .option('--exact', 'store full states, not 64-bit fingerprints, and count fingerprint collisions')
    .option('--workers <n>', 'worker threads for the search (default 1); results are the same for any n')
    .option('--json', 'print one JSON object')
    .addOption(new Option('--no-color', 'no colour in the story'))
    .option('--out <file>', 'write each counterexample as an ITF trace (FILE.itf.json; others beside it as FILE.<property>.itf.json)')
    .option('--html <file>', 'write a self-contained HTML page that steps through the counterexamples')
    .option('--progress', 'show the progress line on stderr even when it is not a terminal')
    .action(checkCommand);
}
