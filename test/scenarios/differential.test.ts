/**
 * The fast engine, the fast engine in exact mode (full states compared, collisions
 * counted) and the naive reference explorer (objects, a Set of JSON keys): on every built-in
 * layout under every profile, and every seed scenario run, they must agree on the verdict,
 * the reachable-state and transition counts, the depth and the depth of each property's
 * (or each (property, site)'s) first violation, and exact mode must see no fingerprint collision. Cases above
 * FAST_LIMIT states run in `npm run test:slow`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { FAST_LIMIT, SLOW, caseId, type ManifestEntry } from './catalogue.ts';
import { modelFor, runReference } from './run-case.ts';

const manifest: ManifestEntry[] = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));
const runnable = manifest.filter((e) => SLOW || e.states <= FAST_LIMIT);

describe('engine vs reference explorer', () => {
  it.each(runnable.map((e) => [caseId(e), e] as const))('%s', async (_id, entry) => {
    const m = await modelFor(entry);
    const fast = search(m, m.properties);
    const exact = search(m, m.properties, { exact: true });
    const ref = await runReference(entry);
    expect(fast.storage.mode).toBe('fingerprint');
    expect([exact.storage.mode, exact.storage.collisions]).toEqual(['exact', 0]);
    for (const r of [fast, exact]) {
      expect({ verdict: ref.verdict, states: ref.states, transitions: ref.transitions, depth: ref.depth })
        .toEqual({ verdict: r.verdict, states: r.states, transitions: r.transitions, depth: r.depth });
      const key = (v: { property: string; site?: string }): string => (v.site === undefined ? v.property : `${v.property} @ ${v.site}`);
      expect(Object.fromEntries(ref.violations.map((v) => [key(v), v.depth])))
        .toEqual(Object.fromEntries(r.violations.map((v) => [key(v), v.trace.length - 1])));
    }
  });
});
