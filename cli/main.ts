/**
 * The hpcheck command line. Bad input prints one line and exits 2; see README.md.
 */
import { Command, CommanderError, Option } from 'commander';
import { builtinLayoutNames } from '../model/layout/load.ts';
import { BEHAVIOUR_POINTS } from '../model/kernels/behaviour.ts';
import { PATCHES } from '../model/kernels/patches.ts';
import { PROFILES } from '../model/kernels/profiles.ts';
import { PROPERTIES } from '../properties/index.ts';
import { EXIT, VERSION, exitCode, humanReport, resultJson, runCheck } from './check.ts';
import { parseMaxStates, resolveConfig } from './resolve.ts';
import { seedsTable } from './seeds.ts';
import { registerSweepCommands } from './sweep-commands.ts';

const collect = (value: string, prev: string[]): string[] => [...prev, value];

function usageError(message: string): never {
  process.stderr.write(`hpcheck: ${message}\n`);
  process.exit(EXIT.usage);
}

interface CheckFlags {
  layout?: string; kernel?: string; patch: string[]; property: string[];
  maxStates?: string; json?: boolean; stopAtFirst?: boolean; color: boolean;
}

async function checkCommand(flags: CheckFlags): Promise<void> {
  const max = parseMaxStates(flags.maxStates);
  if (!max.ok) usageError(max.error);
  const cfg = await resolveConfig(flags);
  if (!cfg.ok) usageError(cfg.error);
  const progress = !flags.json && process.stderr.isTTY === true;
  const { model, result } = runCheck(cfg.value, { maxStates: max.value, stopAtFirst: flags.stopAtFirst === true, progress });
  if (flags.json) process.stdout.write(`${JSON.stringify(resultJson(model, result))}\n`);
  else process.stdout.write(`${humanReport(model, result, flags.color && process.stdout.isTTY === true)}\n`);
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
  out(`Behaviour points a patch can replace: ${BEHAVIOUR_POINTS.map((p) => p.name).join(', ')}`);
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
    .option('--json', 'print one JSON object')
    .addOption(new Option('--no-color', 'no colour in the story'))
    .action(checkCommand);
  p.command('seeds')
    .description('run the built-in seed scenarios and print the table (npm start)')
    .action(async () => {
      const ok = await seedsTable((l) => process.stdout.write(`${l}\n`));
      process.exitCode = ok ? 0 : 1;
    });
  p.command('list').description('list kernels, patches, properties and built-in layouts').action(listCommand);
  registerSweepCommands(p);
  return p;
}

try {
  await program().parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
  process.exit(EXIT.usage);
}
