/**
 * How a regenerated manifest replaces the pinned one (`npm run manifest`): every case keeps its
 * one-line `reason`, and a case whose verdict or set of violated properties changes is
 * refused unless it is named on the command line. Counts (states, transitions, depth, trace
 * lengths) may change freely; they are explained in the commit message instead.
 */
import { caseId, type ManifestEntry } from './catalogue.ts';

export type MergeResult =
  | { readonly ok: true; readonly entries: ManifestEntry[]; readonly accepted: string[] }
  | { readonly ok: false; readonly error: string };

const violated = (e: ManifestEntry): string => Object.keys(e.violations).sort().join(',') || 'none';

/** What changed in a case's result that needs a human to accept it, or undefined. */
export function resultChange(before: ManifestEntry, after: ManifestEntry): string | undefined {
  const parts: string[] = [];
  if (before.verdict !== after.verdict) parts.push(`verdict ${before.verdict} -> ${after.verdict}`);
  if (violated(before) !== violated(after)) parts.push(`violated ${violated(before)} -> ${violated(after)}`);
  return parts.length ? parts.join(', ') : undefined;
}

/**
 * The new manifest: `fresh` (in its order) with each case's reason from `pinned`. Refused,
 * naming the first such case, when a case's result changes and its id is not in `accept`,
 * or when `accept` names a case that does not exist.
 */
export function mergeManifest(
  pinned: readonly ManifestEntry[],
  fresh: readonly ManifestEntry[],
  accept: readonly string[],
): MergeResult {
  const ids = new Set(fresh.map(caseId));
  const unknown = accept.find((id) => !ids.has(id));
  if (unknown !== undefined) return { ok: false, error: `no manifest case "${unknown}" (a case is named as "layout kernel +patch [properties]")` };
  const byId = new Map(pinned.map((e) => [caseId(e), e]));
  const entries: ManifestEntry[] = [];
  const accepted: string[] = [];
  for (const e of fresh) {
    const id = caseId(e);
    const before = byId.get(id);
    const change = before && resultChange(before, e);
    if (change && !accept.includes(id)) {
      return { ok: false, error: `"${id}": ${change}; not written. If this is right, name the case: npm run manifest -- "${id}"` };
    }
    if (change) accepted.push(`${id}: ${change}`);
    const { reason: _dropped, ...result } = e;
    entries.push(before?.reason ? { ...result, reason: before.reason } : result);
  }
  return { ok: true, entries, accepted };
}

/** Cases with no reason, or a reason that is not one line: each names the case. */
export function reasonProblems(entries: readonly ManifestEntry[]): string[] {
  const problems: string[] = [];
  for (const e of entries) {
    const r = e.reason?.trim() ?? '';
    if (r === '') problems.push(`"${caseId(e)}" has no "reason"`);
    else if (/\n/.test(r)) problems.push(`"${caseId(e)}": "reason" is more than one line`);
  }
  return problems;
}
