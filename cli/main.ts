/**
 * Entry point. A command line that names a user patch (`--patch ./fix.ts`) runs in a
 * sandboxed child process (run/sandbox/): this process never loads user code, and it alone
 * prints the verdict and sets the exit code. Every other command line runs here.
 */
import { runSandboxed, userPatchFiles } from '../run/sandbox/parent.ts';

// `hpcheck check ... | head` closes stdout early: stop quietly, as other command-line tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });

const words = process.argv.slice(2);
const patches = userPatchFiles(words);
if (patches.length > 0) {
  process.exit(await runSandboxed(words, patches));
} else {
  const { runCli } = await import('./program.ts');
  await runCli(process.argv);
}
