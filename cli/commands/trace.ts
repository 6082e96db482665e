/**
 * The commands that work on a saved trace: `replay FILE`, `shrink FILE` and `view FILE`.
 *
 * Exit codes follow `check`: 1 the property fails on the trace, 0 it no longer does, 2 the
 * file or the command line is bad, or the trace cannot be replayed.
 */
import { writeOutput } from '../../run/output-files.ts';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { EXIT, VERSION } from '../../run/version.ts';
import { readItf, toItf, writeItf, type ItfTrace } from '../../run/itf.ts';
import { replayPath, type ReplayOutcome } from '../../run/replay-path.ts';
import { isLockTrace, lockReplayCommand } from './lock-replay.ts';
import { loadSavedRun, runModel, type SavedRun } from '../../run/saved-run.ts';
import { shrinkRun } from '../../run/shrink.ts';
import { editedStep } from '../../run/trace-check.ts';
import { tellViolation } from '../report/story.ts';
import { traceStem, unwritable } from '../trace/trace-files.ts';
import { viewPage } from '../view/view-page.ts';
import { viewTrace } from '../view/view-data.ts';

const collect = (value: string, prev: string[]): string[] => [...prev, value];
const out = (s: string): void => { process.stdout.write(`${s}\n`); };

function usageError(message: string): never {
  process.stderr.write(`hpcheck: ${message}\n`);
  process.exit(EXIT.usage);
}

async function load(file: string, o: { kernel?: string; patch?: string[] }): Promise<{ t: ItfTrace; run: SavedRun }> {
  const t = readItf(file);
  if (!t.ok) usageError(t.error);
  if (isLockTrace(t.value)) usageError(`${file}: a lock-model trace (seed 003): shrink and view work on hotplug traces; replay it with hpcheck replay`);
  const run = await loadSavedRun(file, t.value, o);
  if (!run.ok) usageError(run.error);
  return { t: t.value, run: run.value };
}

function blockedLine(file: string, r: Extract<ReplayOutcome, { kind: 'blocked' }>): string {
  return `${file}: cannot replay: step ${r.step}, ${r.action}: ${r.reason}`;
}

interface ReplayFlags { kernel?: string; patch: string[]; json?: boolean; color: boolean }

async function replayCommand(file: string, flags: ReplayFlags): Promise<void> {
  const lock = readItf(file);
  if (lock.ok && isLockTrace(lock.value)) return lockReplayCommand(file, lock.value, flags);
  const { t, run } = await load(file, flags);
  const m = runModel(run);
  const r = replayPath(m, run.property.name, run.actions);
  if (r.kind === 'blocked') usageError(blockedLine(file, r));
  const saved = t['#meta'];
  const onStored = flags.kernel === undefined && flags.patch.length === 0;
  const edited = onStored ? editedStep(file, t, m, r.trace) : null;
  if (edited) usageError(edited);
  const steps = run.actions.length;
  const patches = run.patchArgs.length ? run.patchArgs.join(', ') : 'none';
  if (flags.json) {
    out(JSON.stringify({
      tool: 'hpcheck', version: VERSION, file, layout: run.layout.name, kernel: run.profile.name, patches: run.patchArgs,
      property: run.property.name, steps, outcome: r.kind,
      ...(r.kind === 'violated' ? { step: r.step, message: r.message } : {}),
    }));
  } else {
    const c = pc.createColors(flags.color && process.stdout.isTTY === true);
    const onWhat = `kernel ${run.profile.name}${run.profile.name === saved.kernel ? '' : ` (saved on ${saved.kernel})`}, patches: ${patches}`;
    out(`replay ${file}: ${run.property.name}, ${steps} steps on layout ${run.layout.name}, ${onWhat}`);
    if (r.kind === 'holds') {
      out(c.green(c.bold(`✓ ${run.property.name} holds at every step: the trace no longer violates it`)));
    } else {
      const where = r.step === steps ? `still fails at step ${r.step} of ${steps}` : `fails earlier, at step ${r.step} of ${steps}`;
      out(c.red(c.bold(`✗ ${run.property.name} ${where}`)) + `: ${r.message}`);
      out('');
      for (const l of tellViolation(m, { property: run.property.name, message: r.message, trace: r.trace }, c, { how: 'replayed' })) out(l);
    }
  }
  process.exitCode = r.kind === 'violated' ? EXIT.violation : EXIT.verified;
}

interface ShrinkFlags { out?: string; patch: string[]; json?: boolean; color: boolean }

async function shrinkCommand(file: string, flags: ShrinkFlags): Promise<void> {
  const { run } = await load(file, { patch: flags.patch });
  const target = flags.out ?? `${traceStem(file)}.min.itf.json`;
  const cannot = unwritable('--out', target);
  if (cannot) usageError(cannot);
  const result = shrinkRun(run);
  if (result === null) {
    const r = replayPath(runModel(run), run.property.name, run.actions);
    if (r.kind === 'blocked') usageError(blockedLine(file, r));
    out(`shrink ${file}: ${run.property.name} holds at every step of the trace on kernel ${run.profile.name}: nothing to shrink`);
    process.exitCode = EXIT.verified;
    return;
  }
  const smaller = { ...run, layout: result.layout, actions: result.actions };
  const m = runModel(smaller);
  const r = replayPath(m, run.property.name, result.actions);
  if (r.kind !== 'violated') throw new Error('hpcheck bug: the shrunk trace does not fail');
  writeItf(target, toItf(m, run.property.name, r.message, r.trace, { origin: 'shrink', seed: null, patchArgs: run.patchArgs }));
  if (flags.json) {
    out(JSON.stringify({
      tool: 'hpcheck', version: VERSION, file, out: target, property: run.property.name,
      from: run.actions.length, to: result.actions.length, dropped: result.dropped, replays: result.replays,
    }));
  } else {
    const c = pc.createColors(flags.color && process.stdout.isTTY === true);
    out(`shrink ${file}: ${run.property.name} on kernel ${run.profile.name}: ${run.actions.length} -> ${result.actions.length} steps (${result.replays} replays)`);
    out(`  layout: ${result.dropped.length ? `dropped ${result.dropped.join(', ')}` : 'nothing could be dropped'}`);
    out(`  wrote ${target}`);
    out('');
    for (const l of tellViolation(m, { property: run.property.name, message: r.message, trace: r.trace }, c, { how: 'shrunk' })) out(l);
  }
  process.exitCode = EXIT.violation;
}

async function viewCommand(file: string, flags: { out?: string; patch: string[] }): Promise<void> {
  const { run } = await load(file, { patch: flags.patch });
  const m = runModel(run);
  const r = replayPath(m, run.property.name, run.actions);
  if (r.kind === 'blocked') usageError(blockedLine(file, r));
  const target = flags.out ?? `${traceStem(file)}.html`;
  const cannot = unwritable('--out', target);
  if (cannot) usageError(cannot);
  const message = r.kind === 'violated' ? r.message : null;
  writeOutput('--out', target, viewPage([viewTrace(m, run.patchArgs, { property: run.property.name, message, trace: r.trace })]));
  out(`wrote ${target}`);
}

/** Adds `replay`, `shrink` and `view` to the program. */
export function addTraceCommands(p: Command): void {
  p.command('replay')
    .description('re-execute a saved trace: exit 1 if the property still fails, 0 if it no longer does')
    .argument('<file>', 'an .itf.json trace written by check --out or shrink')
    .option('--kernel <version>', 'replay on this kernel instead of the saved one')
    .option('--patch <patch>', 'replay with these patches instead of the saved ones (repeatable; "none" for no patch)', collect, [])
    .option('--json', 'print one JSON object')
    .addOption(new Option('--no-color', 'no colour in the story'))
    .action(replayCommand);
  p.command('shrink')
    .description('minimise a saved counterexample: fewer actions, then a smaller layout')
    .argument('<file>', 'an .itf.json trace')
    .option('--out <file>', 'where to write the smaller trace (default: FILE.min.itf.json)')
    .option('--patch <patch>', 'the patch files a trace with user patches names (repeatable; a trace never runs code itself)', collect, [])
    .option('--json', 'print one JSON object')
    .addOption(new Option('--no-color', 'no colour in the story'))
    .action(shrinkCommand);
  p.command('view')
    .description('write a self-contained HTML page that steps through a saved trace')
    .argument('<file>', 'an .itf.json trace')
    .option('--out <file>', 'the page to write (default: FILE.html)')
    .option('--patch <patch>', 'the patch files a trace with user patches names (repeatable; a trace never runs code itself)', collect, [])
    .action(viewCommand);
}
