/**
 * The hpcheck command line: one file per command under commands/, reports under report/,
 * trace files under trace/, the viewer under view/. Bad input prints one line and exits 2;
 * see README.md.
 */
import { Command, CommanderError } from 'commander';
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

// `hpcheck check ... | head` closes stdout early: stop quietly, as other command-line tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });

try {
  await program().parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') process.exit(0);
  process.exit(EXIT.usage);
}
