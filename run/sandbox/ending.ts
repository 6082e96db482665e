/**
 * One line for a sandboxed run that ended without a result: what the patch (or the limit)
 * did, from the fault the child reported, its exit code or signal, and its last stderr.
 */
import type { Limits } from './policy.ts';

export interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The last line of the child's stderr that says something, cut and without control characters. */
function lastLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^at |^Node\.js v|^\^+$|^\(Use `node/.test(l));
  const line = lines.find((l) => /^[A-Za-z]*Error\b|^Error \[|^hpcheck:/.test(l)) ?? lines[lines.length - 1] ?? '';
  return line.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 300);
}

/** Why the run ended without a result, in words. */
export function describeEnd(end: ChildEnd, stderr: string, limits: Limits): string {
  if (/heap out of memory|Reached heap limit|ERR_WORKER_OUT_OF_MEMORY/.test(stderr)) {
    return `the run ran out of memory (limit ${limits.memoryMb} MB, HPCHECK_PATCH_MEMORY_MB)`;
  }
  if (end.signal !== null) return `the run was ended by signal ${end.signal} before a result`;
  if (end.code === 13) return 'the patch module never finished loading (a top-level await that never settles)';
  const last = lastLine(stderr);
  if (/ERR_ACCESS_DENIED/.test(stderr)) return `the patch did something the sandbox forbids (${last || 'ERR_ACCESS_DENIED'})`;
  if (last.startsWith('hpcheck: ')) return last.slice(9);
  if (last !== '') return `the run failed before a result: ${last}`;
  return `the run ended with exit code ${end.code} before a result (the patch called process.exit?)`;
}
