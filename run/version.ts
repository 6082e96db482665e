/**
 * The version every report and trace names, and the exit codes every command shares:
 * 0 verified, 1 violation, 2 bad input, 3 bounded (a limit stopped the search first).
 */
import type { SearchResult } from '../explore/model.ts';

export const VERSION = '0.1.0';
export const EXIT = { verified: 0, violation: 1, usage: 2, bounded: 3 } as const;

export function exitCode<S>(r: SearchResult<S>): number {
  return EXIT[r.verdict];
}
