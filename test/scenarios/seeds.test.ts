/**
 * The seed scenarios of run/scenarios.ts (README.md#the-seed-threads): each buggy kernel violates the named property with a
 * trace whose last step is the violating one; each fixed kernel verifies.
 */
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { SEED_SCENARIOS, type ScenarioRun, type SeedScenario } from '../../run/scenarios.ts';
import { modelFor } from './run-case.ts';

const caseOf = (s: SeedScenario, r: ScenarioRun) =>
  ({ layout: r.layout ?? s.name, kernel: r.kernel, patches: r.patches, properties: r.properties });

describe.each(SEED_SCENARIOS)('seed $seed: $name', (scenario) => {
  it(`${scenario.buggy.kernel} ${scenario.buggy.patches.join(' ')}: violates ${scenario.property}; the trace replays and only its last state violates`, async () => {
    const m = await modelFor(caseOf(scenario, scenario.buggy));
    const r = search(m, m.properties);
    expect(r.verdict).toBe('violation');
    const v = r.violations.find((x) => x.property === scenario.property)!;
    expect(v, `no ${scenario.property} violation`).toBeDefined();
    const prop = m.properties.find((p) => p.name === scenario.property)!;
    let state = m.initialStates()[0]!;
    expect(prop.check(state)).toBeNull();
    for (const [i, step] of v.trace.slice(1).entries()) {
      const next = m.next(state, step.actionId!);
      expect(next, `step ${i + 1} (${step.action}) is not enabled`).not.toBeNull();
      state = next!;
      expect(m.key(state)).toBe(m.key(step.state));
      const last = i === v.trace.length - 2;
      if (last) expect(prop.check(state)).toBe(v.message);
      else expect(prop.check(state), `violated early at step ${i + 1}`).toBeNull();
    }
  });

  it.each(scenario.fixed.map((f) => [`${f.kernel} ${f.patches.join(' ')} ${f.layout ?? ''}`.trim(), f] as const))(
    'fixed: %s verifies',
    async (_label, run) => {
      const m = await modelFor(caseOf(scenario, run));
      const r = search(m, m.properties);
      expect(r.violations.map((v) => `${v.property}: ${v.message}`)).toEqual([]);
      expect(r.verdict).toBe('verified');
    },
  );
});
