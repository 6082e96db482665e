/**
 * The hpcheck command line: one file per command under commands/, reports under report/,
 * trace files under trace/, the viewer under view/. Bad input prints one line and exits 2;
 * see README.md. cli/main.ts decides whether this runs here or in the sandbox that user
 * patches run in (run/sandbox/).
 */
import { Command, CommanderError } from 'commander';
import { OutputError } from '../run/output-files.ts';
import { EXIT, VERSION } from '../run/version.ts';
import { addCheckCommand } from './commands/check.ts';
import { addListCommand } from './commands/list.ts';
import { seedsTable } from './commands/seeds.ts';
import { addSimulateCommand } from './commands/simulate.ts';
import { registerSweepCommands } from './commands/sweep.ts';
import { addTraceCommands } from './commands/trace.ts';

function program(): Command {
  const p = new Command('hpcheck')
    .description('A model checker for the Linux memory hotplug subsystem')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? `hpcheck: ${s.slice(7)}` : s) });
  addCheckCommand(p);
  p.command('seeds')
    .description('run the built-in seed scenarios and print the table (npm start)')
    .action(async () => {
      const ok = await seedsTable((l) => process.stdout.write(`${l}\n`));
      process.exitCode = ok ? 0 : 1;
    });
  addListCommand(p);
  addTraceCommands(p);
  registerSweepCommands(p);
  addSimulateCommand(p);
  return p;
}

/**
 * runCli() - parse `argv` (node, script, words...) and run the command it names
 *
 * Sets process.exitCode, or exits: 0 for --help and --version, 2 for a usage error (a bare
 * `hpcheck` included: it prints the usage on stderr) and for a file that cannot be written.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  const p = program();
  if (argv.length <= 2) {
    process.stderr.write(p.helpInformation());
    process.stderr.write('hpcheck: name a command (hpcheck --help lists them)\n');
    process.exit(EXIT.usage);
  }
  try {
    await p.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof OutputError) {
      process.stderr.write(`hpcheck: ${e.message}\n`);
      process.exit(EXIT.usage);
    }
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
    process.exit(EXIT.usage);
  }
}
