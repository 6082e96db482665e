/**
 * How a trace file records a user patch: by file name and the SHA-256 of its text
 * (`fix.ts@3f2a...`, 64 hex digits), never by a path to load. A trace is data: replaying,
 * viewing or shrinking one that names a user patch needs the file on the command line
 * (`--patch FILE`), and a file whose text differs from the recorded hash is refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isPatchPath } from './user-patch.ts';

const RECORD = /^([^/\\]+)@([0-9a-f]{64})$/;

/** The SHA-256 of a patch file's bytes, in hex. */
export const patchDigest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A patch as a trace records it: a named patch by its name, a user patch as `file.ts@sha256`. */
export const recordedPatch = (arg: string): string => (isPatchPath(arg) ? `${basename(arg)}@${patchDigest(arg)}` : arg);

/** Whether a recorded patch is a user's (a `file@sha256` record, or a path in a trace from before records). */
export const isUserRecord = (recorded: string): boolean => RECORD.test(recorded) || isPatchPath(recorded);

/**
 * checkGivenPatches() - one line when a trace names a user patch the command line does not
 * supply, or a supplied file of the same name has other text; null when the patches may run
 * @where: how to name the trace's field (`t.itf.json: #meta.patches`)
 * @recorded: the trace's patches
 * @given: the --patch arguments, or undefined when none were given
 */
export function checkGivenPatches(where: string, recorded: readonly string[], given: readonly string[] | undefined): string | null {
  const users = recorded.filter(isUserRecord);
  if (given === undefined) {
    return users.length === 0 ? null : `${where}: ${users[0]} is a user patch, and a trace file never runs code: give the file with --patch FILE (and the trace's other patches)`;
  }
  for (const arg of given.filter(isPatchPath)) {
    const name = basename(arg);
    const rec = users.map((u) => RECORD.exec(u)).find((m) => m !== null && m[1] === name);
    if (rec && patchDigest(arg) !== rec[2]) {
      return `--patch ${arg}: its SHA-256 is ${patchDigest(arg).slice(0, 12)}..., the trace recorded ${name}@${rec[2]!.slice(0, 12)}...: the file has changed since the trace was written (rename it to replay on the new text)`;
    }
  }
  return null;
}
