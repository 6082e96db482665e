/**
 * The hpcheck command line. Bad input prints one line and exits 2; see README.md.
 */
import { Command, CommanderError, Option } from 'commander';
import { bigLayoutNames, builtinLayoutNames } from '../model/layout/load.ts';
import { BEHAVIOUR_POINTS } from '../model/kernels/behaviour.ts';
import { PATCHES } from '../model/kernels/patches.ts';
import { PROFILES } from '../model/kernels/profiles.ts';
import { PROPERTIES } from '../properties/index.ts';
import { EXIT, VERSION, exitCode, humanReport, resultJson, runCheck } from './check.ts';
import { parseMaxStates, parseWorkers, resolveConfig } from './resolve.ts';
import { seedsTable } from './seeds.ts';
import { addLayoutCommand } from './layout-import-command.ts';
import { addReproCommand } from './repro-command.ts';
import { addSimulateCommand } from './simulate-command.ts';
import { addTraceCommands } from './trace-commands.ts';
import { unwritable, writeHtml, writeTraces } from './trace-files.ts';
import { registerSweepCommands } from './sweep-commands.ts';
import { isLockScenario, lockHumanReport, lockResultJson, resolveLockConfig, runLockCheck, writeLockTraces } from './lock-check.ts';
import { LOCK_PATCHES, LOCK_PROFILES } from '../model/locking/profiles.ts';
import { LOCK_SCENARIOS } from '../model/locking/scenarios.ts';
import { LOCK_PROPERTIES } from '../properties/locking.ts';

const collect = (value: string, prev: string[]): string[] => [...prev, value];

function usageError(message: string): never {
  process.stderr.write(`hpcheck: ${message}\n`);
  process.exit(EXIT.usage);
}

interface CheckFlags {
  layout?: string; kernel?: string; patch: string[]; property: string[];
  maxStates?: string; json?: boolean; stopAtFirst?: boolean; exact?: boolean; workers?: string; color: boolean;
  out?: string; html?: string; progress?: boolean;
}

async function checkCommand(flags: CheckFlags): Promise<void> {
  const max = parseMaxStates(flags.maxStates);
  if (!max.ok) usageError(max.error);
  const workers = parseWorkers(flags.workers);
  if (!workers.ok) usageError(workers.error);
  if (workers.value > 1 && flags.exact) usageError('--exact: runs on one thread; drop --workers');
  if (isLockScenario(flags.layout)) return lockCheck(flags, max.value, workers.value);
  const cfg = await resolveConfig(flags);
  if (!cfg.ok) usageError(cfg.error);
  const cannot = (flags.out && unwritable('--out', flags.out)) || (flags.html && unwritable('--html', flags.html));
  if (cannot) usageError(cannot);
  const progress = flags.progress === true || (!flags.json && process.stderr.isTTY === true);
  const { model, result } = await runCheck(cfg.value, {
    maxStates: max.value, stopAtFirst: flags.stopAtFirst === true, progress, exact: flags.exact === true, workers: workers.value,
  });
  if (flags.json) process.stdout.write(`${JSON.stringify(resultJson(model, result))}\n`);
  else process.stdout.write(`${humanReport(model, result, flags.color && process.stdout.isTTY === true)}\n`);
  const written = result.violations.length === 0 ? (flags.out || flags.html ? ['no counterexample: --out/--html not written'] : [])
    : [...(flags.out ? writeTraces(model, result, flags.out, flags.patch) : []), ...(flags.html ? [writeHtml(model, result, flags.html, flags.patch)] : [])];
  for (const line of written) process.stderr.write(`hpcheck: ${line}\n`);
  process.exitCode = exitCode(result);
}

/** `check` on a lock scenario (seed 003): the lock model, its report in lockdep's words. */
async function lockCheck(flags: CheckFlags, maxStates: number, workers: number): Promise<void> {
  const cfg = resolveLockConfig(flags);
  if (!cfg.ok) usageError(cfg.error);
  if (flags.html) usageError(`--html ${flags.html}: the trace viewer draws hotplug layouts; lock scenario ${flags.layout} has --out and --json`);
  const cannot = flags.out && unwritable('--out', flags.out);
  if (cannot) usageError(cannot);
  const progress = flags.progress === true || (!flags.json && process.stderr.isTTY === true);
  const { model, result } = await runLockCheck(cfg.value, { maxStates, stopAtFirst: flags.stopAtFirst === true, progress, exact: flags.exact === true, workers });
  if (flags.json) process.stdout.write(`${JSON.stringify(lockResultJson(model, result))}\n`);
  else process.stdout.write(`${lockHumanReport(model, result, flags.color && process.stdout.isTTY === true)}\n`);
  const written = !flags.out ? [] : result.violations.length === 0 ? ['no counterexample: --out not written'] : writeLockTraces(model, result, flags.out);
  for (const line of written) process.stderr.write(`hpcheck: ${line}\n`);
  process.exitCode = exitCode(result);
}

function listCommand(): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out('Kernels:');
  for (const p of PROFILES) out(`  ${p.name.padEnd(8)} ${p.summary}`);
  out('Patches (--patch NAME, or --patch ./file.ts):');
  for (const p of PATCHES) out(`  ${p.name.padEnd(28)} ${p.description}`);
  out('Properties (--property NAME):');
  for (const p of PROPERTIES) out(`  ${p.name.padEnd(22)} ${p.statement}`);
  out(`Built-in layouts (--layout NAME): ${builtinLayoutNames().join(', ')}`);
  out(`Big layouts, too large to enumerate (simulate --layout NAME): ${bigLayoutNames().join(', ')}`);
  out(`Behaviour points a patch can replace: ${BEHAVIOUR_POINTS.map((p) => p.name).join(', ')}`);
  out('Lock model (seed 003): scenarios (--layout NAME), kernels, patches and properties:');
  for (const s of LOCK_SCENARIOS) out(`  ${s.name.padEnd(22)} ${s.description}`);
  out(`  kernels: ${LOCK_PROFILES.map((p) => p.name).join(', ')}`);
  for (const p of LOCK_PATCHES) out(`  --patch ${p.name.padEnd(20)} ${p.description}`);
  for (const p of LOCK_PROPERTIES) out(`  --property ${p.name.padEnd(19)} ${p.statement}`);
}

function program(): Command {
  const p = new Command('hpcheck')
    .description('A model checker for the Linux memory hotplug subsystem')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `hpcheck: ${s.slice(7)}` : s) });
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
  p.command('seeds')
    .description('run the built-in seed scenarios and print the table (npm start)')
    .action(async () => {
      const ok = await seedsTable((l) => process.stdout.write(`${l}\n`));
      process.exitCode = ok ? 0 : 1;
    });
  p.command('list').description('list kernels, patches, properties and built-in layouts').action(listCommand);
  addTraceCommands(p);
  registerSweepCommands(p);
  addSimulateCommand(p);
  addLayoutCommand(p);
  addReproCommand(p);
  return p;
}

// `hpcheck check ... | head` closes stdout early: stop quietly, as other command-line tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });

try {
  await program().parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
  process.exit(EXIT.usage);
}
