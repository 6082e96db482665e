/**
 * Every file a command writes (`--out`, `--html`, a sweep's records) goes through here, for
 * two reasons:
 *
 * - an I/O failure (EISDIR, ENOENT, ENOSPC on /dev/full, EACCES) is the user's: it becomes an
 *   `OutputError`, which cli/main.ts prints as one line naming the flag and exits 2;
 * - in the sandboxed process that runs a user patch (run/sandbox/), nothing may be written:
 *   the writes are recorded instead, and the process that prints the verdict performs them
 *   once the run has ended with a result (so a run that fails writes nothing).
 */
import { accessSync, appendFileSync, constants, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sandboxed } from './sandbox/watch.ts';

/** One write, as the sandboxed process hands it over. */
export type FileOp =
  | { readonly kind: 'write'; readonly path: string; readonly flag: string; readonly text: string }
  | { readonly kind: 'append'; readonly path: string; readonly flag: string; readonly text: string }
  | { readonly kind: 'truncate'; readonly path: string; readonly flag: string; readonly length: number };

/** A file the user named could not be written: one line, exit 2. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

let deferred: FileOp[] | null = null;

/** From now on record writes instead of doing them (the sandboxed process calls this first). */
export function deferWrites(): FileOp[] {
  deferred = [];
  return deferred;
}

/** The first line of a Node error, without the syscall noise: `EISDIR: illegal operation on a directory`. */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text = String(err?.message ?? e).split('\n')[0]!;
  const code = err?.code;
  const m = /^[A-Z]+: ([^,]+)/.exec(text);
  return code && m ? `${code}: ${m[1]}` : text;
}

function attempt(flag: string, path: string, io: () => void): void {
  try {
    io();
  } catch (e) {
    throw new OutputError(`${flag} ${path}: cannot write: ${reason(e)}`);
  }
}

/** Performs one recorded or immediate write; an I/O failure is an OutputError. */
export function perform(op: FileOp): void {
  if (op.kind === 'write') attempt(op.flag, op.path, () => writeFileSync(op.path, op.text));
  else if (op.kind === 'append') attempt(op.flag, op.path, () => appendFileSync(op.path, op.text));
  else attempt(op.flag, op.path, () => truncateSync(op.path, op.length));
}

function run(op: FileOp): void {
  if (deferred) deferred.push(op);
  else perform(op);
}

/** Writes `text` to `path` (the file named by `flag`), replacing it. */
export function writeOutput(flag: string, path: string, text: string): void {
  run({ kind: 'write', path, flag, text });
}

/** Appends `text` to `path`, creating it. */
export function appendOutput(flag: string, path: string, text: string): void {
  run({ kind: 'append', path, flag, text });
}

/** Cuts `path` to `length` bytes (a sweep resumed after a torn last line). */
export function truncateOutput(flag: string, path: string, length: number): void {
  run({ kind: 'truncate', path, flag, length });
}

/** Whether `path` is a directory (which no output file can be). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * unwritable() - why `file` cannot be written, as `<flag> <file>: <reason>`, or null
 *
 * Checked before a long run. In the sandbox, which may not look at the file system, the
 * verdict process has checked every --out and --html before starting it.
 */
export function unwritable(flag: string, file: string): string | null {
  if (sandboxed()) return null;
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return `${flag} ${file}: is a directory`;
    accessSync(dirname(file), constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return `${flag} ${file}: ${code === 'ENOENT' ? `no such directory ${dirname(file)}` : `cannot write there (${code})`}`;
  }
}
