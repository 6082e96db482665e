/**
 * The commands that work on a saved trace: `replay FILE`, `shrink FILE` and `view FILE`.
 *
 * Exit codes follow `check`: 1 the property fails on the trace, 0 it no longer does, 2 the
 * file or the command line is bad, or the trace cannot be replayed.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { replayPath, type ReplayOutcome } from '../../explore/replay.ts';
import { readItf, writeItf, type ItfTrace } from '../../run/itf.ts';
import { MODEL_KINDS, kindOfTrace, type KindModel, type KindName, type RunOverrides, type SavedTrace } from '../../run/kinds/index.ts';
import { EXIT, VERSION } from '../../run/version.ts';
import { usageError } from '../options/usage.ts';
import { KIND_REPORTS } from '../report/kinds.ts';
import { traceStem, unwritable } from '../trace/trace-files.ts';
import { viewPage } from '../view/view-page.ts';
import { viewTrace } from '../view/view-data.ts';

const collect = (value: string, prev: string[]): string[] => [...prev, value];
const out = (s: string): void => { process.stdout.write(`${s}\n`); };

/** A saved trace and the model kind it belongs to (`#meta.model`). */
function readTrace(file: string): { kind: KindName; t: ItfTrace } {
  const t = readItf(file);
  if (!t.ok) usageError(t.error);
  const kind = kindOfTrace(file, t.value);
  if (!kind.ok) usageError(kind.error);
  return { kind: kind.value, t: t.value };
}

async function load<K extends KindName>(kind: K, file: string, t: ItfTrace, o: RunOverrides): Promise<SavedTrace<KindModel<K>>> {
  const saved = await MODEL_KINDS[kind].loadTrace(file, t, o);
  if (!saved.ok) usageError(saved.error);
  return saved.value;
}

/** The saved path replayed on the saved (or given) model; a step that cannot run is a usage error. */
function replaySaved<K extends KindName>(kind: K, file: string, saved: SavedTrace<KindModel<K>>, model = saved.model, actions = saved.actions): ReplayOutcome<Uint16Array> {
  const r = replayPath(model, saved.property, actions, MODEL_KINDS[kind].explain(model));
  if (r.kind === 'blocked') usageError(`${file}: cannot replay: step ${r.step}, ${r.action}: ${r.reason}`);
  return r;
}

interface ReplayFlags { kernel?: string; patch: string[]; json?: boolean; color: boolean }

async function replayCommand(file: string, flags: ReplayFlags): Promise<void> {
  const { kind, t } = readTrace(file);
  return replayKind(kind, file, t, flags);
}

async function replayKind<K extends KindName>(kind: K, file: string, t: ItfTrace, flags: ReplayFlags): Promise<void> {
  const saved = await load(kind, file, t, flags);
  const { model, property, patchArgs } = saved;
  const r = replaySaved(kind, file, saved);
  const names = MODEL_KINDS[kind].names(model);
  const steps = saved.actions.length;
  if (flags.json) {
    out(JSON.stringify({
      tool: 'hpcheck', version: VERSION, file, layout: names.layout, kernel: names.kernel, patches: patchArgs,
      property, steps, outcome: r.kind,
      ...(r.kind === 'violated' ? { step: r.step, message: r.message } : {}),
    }));
  } else {
    const c = pc.createColors(flags.color && process.stdout.isTTY === true);
    const patches = patchArgs.length ? patchArgs.join(', ') : 'none';
    const onWhat = `kernel ${names.kernel}${names.kernel === saved.savedKernel ? '' : ` (saved on ${saved.savedKernel})`}, patches: ${patches}`;
    out(`replay ${file}: ${property}, ${steps} steps ${MODEL_KINDS[kind].where(model)}, ${onWhat}`);
    if (r.kind === 'holds') {
      out(c.green(c.bold(`✓ ${property} holds at every step: the trace no longer violates it`)));
    } else if (r.kind === 'violated') {
      const where = r.step === steps ? `still fails at step ${r.step} of ${steps}` : `fails earlier, at step ${r.step} of ${steps}`;
      out(c.red(c.bold(`✗ ${property} ${where}`)) + `: ${r.message}`);
      out('');
      for (const l of KIND_REPORTS[kind].tell(model, { property, message: r.message, trace: r.trace }, c, 'replayed')) out(l);
    }
  }
  process.exitCode = r.kind === 'violated' ? EXIT.violation : EXIT.verified;
}

interface ShrinkFlags { out?: string; json?: boolean; color: boolean }

async function shrinkCommand(file: string, flags: ShrinkFlags): Promise<void> {
  const { kind, t } = readTrace(file);
  return shrinkKind(kind, file, t, flags);
}

async function shrinkKind<K extends KindName>(kind: K, file: string, t: ItfTrace, flags: ShrinkFlags): Promise<void> {
  const k = MODEL_KINDS[kind];
  const saved = await load(kind, file, t, {});
  const { property } = saved;
  const target = flags.out ?? `${traceStem(file)}.min.itf.json`;
  const cannot = unwritable('--out', target);
  if (cannot) usageError(cannot);
  const kernel = k.names(saved.model).kernel;
  const result = k.shrink(saved);
  if (result === null) {
    replaySaved(kind, file, saved);
    out(`shrink ${file}: ${property} holds at every step of the trace on kernel ${kernel}: nothing to shrink`);
    process.exitCode = EXIT.verified;
    return;
  }
  const m = result.model;
  const r = replaySaved(kind, file, saved, m, result.actions);
  if (r.kind !== 'violated') throw new Error('hpcheck bug: the shrunk trace does not fail');
  writeItf(target, k.toItf(m, property, r.message, r.trace, { origin: 'shrink', seed: null, patchArgs: saved.patchArgs }));
  if (flags.json) {
    out(JSON.stringify({
      tool: 'hpcheck', version: VERSION, file, out: target, property,
      from: saved.actions.length, to: result.actions.length, dropped: result.dropped, replays: result.replays,
    }));
  } else {
    const c = pc.createColors(flags.color && process.stdout.isTTY === true);
    out(`shrink ${file}: ${property} on kernel ${kernel}: ${saved.actions.length} -> ${result.actions.length} steps (${result.replays} replays)`);
    const d = result.dropped;
    out(d === null ? `  ${k.layoutNoun}: kept whole (only the path shrinks)` : `  layout: ${d.length ? `dropped ${d.join(', ')}` : 'nothing could be dropped'}`);
    out(`  wrote ${target}`);
    out('');
    for (const l of KIND_REPORTS[kind].tell(m, { property, message: r.message, trace: r.trace }, c, 'shrunk')) out(l);
  }
  process.exitCode = EXIT.violation;
}

async function viewCommand(file: string, flags: { out?: string }): Promise<void> {
  const { kind, t } = readTrace(file);
  if (kind !== 'hotplug') usageError(`${file}: ${KIND_REPORTS[kind].traceNoun}: the trace viewer draws hotplug layouts; replay or shrink it instead`);
  const saved = await load('hotplug', file, t, {});
  const r = replaySaved('hotplug', file, saved);
  const target = flags.out ?? `${traceStem(file)}.html`;
  const cannot = unwritable('--out', target);
  if (cannot) usageError(cannot);
  const message = r.kind === 'violated' ? r.message : null;
  writeFileSync(target, viewPage([viewTrace(saved.model, saved.patchArgs, { property: saved.property, message, trace: r.trace })]));
  out(`wrote ${target}`);
}

/** Adds `replay`, `shrink` and `view` to the program. */
export function addTraceCommands(p: Command): void {
  p.command('replay')
    .description('re-execute a saved trace: exit 1 if the property still fails, 0 if it no longer does')
    .argument('<file>', 'an .itf.json trace written by check --out or shrink (either model)')
    .option('--kernel <version>', 'replay on this kernel instead of the saved one')
    .option('--patch <patch>', 'replay with these patches instead of the saved ones (repeatable; "none" for no patch)', collect, [])
    .option('--json', 'print one JSON object')
    .addOption(new Option('--no-color', 'no colour in the story'))
    .action(replayCommand);
  p.command('shrink')
    .description('minimise a saved counterexample: fewer actions, then a smaller layout')
    .argument('<file>', 'an .itf.json trace')
    .option('--out <file>', 'where to write the smaller trace (default: FILE.min.itf.json)')
    .option('--json', 'print one JSON object')
    .addOption(new Option('--no-color', 'no colour in the story'))
    .action(shrinkCommand);
  p.command('view')
    .description('write a self-contained HTML page that steps through a saved trace')
    .argument('<file>', 'an .itf.json trace')
    .option('--out <file>', 'the page to write (default: FILE.html)')
    .action(viewCommand);
}
