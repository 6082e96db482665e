/**
 * The reports of each model kind (run/kinds/): the human report of a search, the story of one
 * counterexample, and the trace viewer where the kind has one. Keyed by the registry's kind
 * names, so a kind without its report does not compile.
 */
import type { SearchResult, Violation } from '../../explore/model.ts';
import type { KindModel, KindName } from '../../run/kinds/index.ts';
import { writeHtml } from '../trace/trace-files.ts';
import { tellLockViolation } from './lock-report.ts';
import { humanReport, lockHumanReport } from './report.ts';
import type { Colors } from './story.ts';
import { tellViolation } from './story.ts';

export interface KindReport<M> {
  /** The human report of a `check`. */
  human(model: M, r: SearchResult<Uint16Array>, color: boolean): string;
  /** The story of one counterexample; `how` it was found: "a shortest one", "replayed", "shrunk". */
  tell(model: M, v: Violation<Uint16Array>, c: Colors, how: string): string[];
  /** `check --html`: writes the viewer page and returns the line to print; null where the viewer cannot draw the kind. */
  readonly html: ((model: M, r: SearchResult<Uint16Array>, file: string, patchArgs: readonly string[]) => string) | null;
  /** What a trace of the kind is called where a command refuses it. */
  readonly traceNoun: string;
}

export const KIND_REPORTS: { readonly [K in KindName]: KindReport<KindModel<K>> } = {
  hotplug: {
    human: humanReport,
    tell: (m, v, c, how) => tellViolation(m, v, c, { how }),
    html: writeHtml,
    traceNoun: 'a hotplug-model trace',
  },
  lock: {
    human: lockHumanReport,
    tell: (m, v, c, how) => tellLockViolation(m, v, how).map((l, i) => (i === 0 ? c.bold(l) : l)),
    html: null,
    traceNoun: 'a lock-model trace (seed 003)',
  },
};
