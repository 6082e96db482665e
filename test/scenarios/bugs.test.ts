/**
 * The bug table (bug-table.ts, docs/bugs.md): every real hotplug bug beyond the seeds is
 * found on its buggy kernel as its (property, site) with the pinned trace length, and that
 * (property, site) is absent on every fixed kernel, while the search still runs to the end.
 */
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { BUG_TABLE, type BugRow, type BugRun } from './bug-table.ts';
import { modelFor } from './run-case.ts';

async function sites(bug: BugRow, run: BugRun) {
  const m = await modelFor({ layout: bug.layout, kernel: run.kernel, patches: run.patches, properties: [bug.property] });
  const r = search(m, m.properties);
  expect(r.bounded).toBe(false);
  return new Map(r.violations.map((v) => [v.site ?? '', v]));
}

const label = (r: BugRun): string => [r.kernel, ...r.patches.map((p) => `+${p}`)].join(' ');

describe('bug table', () => {
  it('has at least eight bugs, each with its own fix', () => {
    expect(BUG_TABLE.length).toBeGreaterThanOrEqual(8);
    expect(new Set(BUG_TABLE.map((b) => b.fix)).size).toBe(BUG_TABLE.length);
  });

  describe.each(BUG_TABLE.map((b) => [`${b.fix} (${b.layout})`, b] as const))('%s', (_name, bug) => {
    it(`found on ${label(bug.buggy)}: ${bug.property} at ${bug.site}, ${bug.steps} steps`, async () => {
      const v = (await sites(bug, bug.buggy)).get(bug.site);
      expect(v?.property).toBe(bug.property);
      expect(v!.trace.length - 1).toBe(bug.steps);
    });
    it.each(bug.fixed.map((f) => [label(f), f] as const))('absent on %s', async (_l, f) => {
      expect([...(await sites(bug, f)).keys()]).not.toContain(bug.site);
    });
  });
});
