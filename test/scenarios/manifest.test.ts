/**
 * The manifest pins the verdict, state and transition counts, depth and shortest-trace
 * lengths of every built-in layout under every profile, and of every seed scenario run.
 * Regenerate with `npm run manifest` and explain the change in the commit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_LIMIT, SLOW, allCases, caseId, type ManifestEntry } from './catalogue.ts';
import { runCase } from './run-case.ts';

const manifest: ManifestEntry[] = JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));

describe('scenario manifest', () => {
  it('covers every built-in layout under every profile and every seed scenario run, once', () => {
    expect(manifest.map(caseId).sort()).toEqual(allCases().map(caseId).sort());
  });

  const runnable = manifest.filter((e) => SLOW || e.states <= MANIFEST_LIMIT);
  it.each(runnable.map((e) => [caseId(e), e] as const))('%s: verdict and counts as pinned', async (_id, entry) => {
    const { reason: _reason, ...pinned } = entry;
    const got = await runCase(entry);
    expect(got).toEqual(pinned);
  });
});
