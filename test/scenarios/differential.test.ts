/**
 * The engine against the naive reference explorer (objects, a Set of JSON keys): on every
 * built-in layout under every profile, and every seed scenario run, they must agree on the
 * verdict, the reachable-state and transition counts, the depth and the depth of each
 * property's first violation. Cases above FAST_LIMIT states run in `npm run test:slow`.
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
    const ref = await runReference(entry);
    expect({ verdict: ref.verdict, states: ref.states, transitions: ref.transitions, depth: ref.depth })
      .toEqual({ verdict: fast.verdict, states: fast.states, transitions: fast.transitions, depth: fast.depth });
    expect(Object.fromEntries(ref.violations.map((v) => [v.property, v.depth])))
      .toEqual(Object.fromEntries(fast.violations.map((v) => [v.property, v.trace.length - 1])));
  });
});
