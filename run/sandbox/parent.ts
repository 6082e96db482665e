/**
 * The side of a user-patch run that prints the verdict: it starts the sandboxed child
 * (cli/sandbox-child.ts) with the same command line, never loads the patch itself, and turns what the
 * child hands back into output, files and an exit code. A child that ends without a result
 * (process.exit, a signal, the time or memory limit, an exception, a top-level await that
 * never settles) is one line naming the patch and what happened, and exit 2: nothing it did
 * can make this process exit 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT } from '../version.ts';
import { isPatchPath } from '../user-patch.ts';
import { perform, OutputError, unwritable } from '../output-files.ts';
import { describeEnd, type ChildEnd } from './ending.ts';
import { parseChildLine, type ChildResult } from './protocol.ts';
import { readLimits, sandboxArgv, sandboxEnv } from './policy.ts';

/** The user patch files a command line names (`--patch ./fix.ts`, `--patch=fix.ts`). */
export function userPatchFiles(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const value = w === '--patch' ? words[i + 1] : w.startsWith('--patch=') ? w.slice(8) : undefined;
    if (w === '--patch') i++;
    if (value !== undefined && value !== 'none' && isPatchPath(value)) out.push(value);
  }
  return out;
}

/** The files a command line names that exist (a layout, a trace, records): the child may read them. */
function namedFiles(words: readonly string[]): string[] {
  return words.map((w) => resolve(w.replace(/^--[a-z-]+=/, ''))).filter((p) => existsSync(p) && statSync(p).isFile());
}

/** The output files a command line names (`--out F`, `--html F`), checked before the run. */
function outputs(words: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    const m = /^(--out|--html)(?:=(.*))?$/.exec(words[i]!);
    const file = m ? (m[2] ?? words[++i]) : undefined;
    if (m && file !== undefined) out.push([m[1]!, file]);
  }
  return out;
}

function collect(stream: NodeJS.ReadableStream): Buffer[] {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return chunks;
}

/** What the child wrote on its result channel, line by line; `onFault` hears a limit as it happens. */
function listen(stream: NodeJS.ReadableStream, onTimeout: () => void): { result?: ChildResult; fault?: string; lines: number } {
  const seen: { result?: ChildResult; fault?: string; lines: number } = { lines: 0 };
  let rest = '';
  stream.setEncoding?.('utf8');
  stream.on('data', (text: string) => {
    rest += text;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n')) {
      const msg = parseChildLine(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      seen.lines++;
      if (msg?.t === 'result' && seen.result === undefined) seen.result = msg;
      else if (msg?.t === 'fault' && seen.fault === undefined) {
        seen.fault = msg.text;
        if (msg.timeout) onTimeout();
      }
    }
  });
  return seen;
}

/**
 * runSandboxed() - run the command line `words` in the sandbox; return the exit code
 * @words: the command line after `hpcheck`
 * @patches: the user patch files it names
 */
export async function runSandboxed(words: readonly string[], patches: readonly string[]): Promise<number> {
  const limits = readLimits(process.env);
  if (!limits.ok) return fail(limits.error);
  const cannot = outputs(words).map(([flag, file]) => unwritable(flag, file)).find((x) => x !== null);
  if (cannot) return fail(cannot);
  const argv = sandboxArgv(patches.map((p) => resolve(p)), namedFiles(words), limits.value, words);
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: sandboxEnv(process.env) });
  const stdout = collect(child.stdout!);
  const stderr = collect(child.stderr!);
  const seen = listen(child.stdio[3] as NodeJS.ReadableStream, () => child.kill('SIGKILL'));
  const forward = (): void => { child.kill('SIGINT'); };
  process.on('SIGINT', forward);
  const end = await new Promise<ChildEnd>((done) => child.on('close', (code, signal) => done({ code, signal })));
  process.off('SIGINT', forward);
  const err = Buffer.concat(stderr).toString('utf8');
  const result = seen.result;
  if (result === undefined || (end.signal !== null && result.exitCode !== EXIT.usage)) {
    return fail(seen.fault ?? `--patch ${patches.join(', ')}: ${describeEnd(end, err, limits.value)}`);
  }
  process.stdout.write(Buffer.concat(stdout));
  process.stderr.write(err);
  if (result.exitCode === EXIT.usage) return EXIT.usage;
  try {
    for (const op of result.files) perform(op);
  } catch (e) {
    if (e instanceof OutputError) return fail(e.message);
    throw e;
  }
  return result.exitCode;
}

function fail(line: string): number {
  process.stderr.write(`hpcheck: ${line.replace(/[\r\n]+/g, ' ')}\n`);
  return EXIT.usage;
}
