/**
 * `hpcheck seeds` (`npm start`): run every seed scenario and print one table row each: the
 * buggy kernel with the property it breaks and the trace length, and the fixed kernels with
 * their verdict and state count.
 */
import { search } from '../explore/index.ts';
import { modelForRun } from './scenario-model.ts';
import { SEED_SCENARIOS, type ScenarioRun, type SeedScenario } from './scenarios.ts';

export interface RunOutcome {
  readonly run: ScenarioRun;
  readonly verdict: string;
  readonly states: number;
  /** Steps of the named property's trace, after power-on; 0 when verified. */
  readonly traceSteps: number;
  readonly ok: boolean;
}

const label = (r: ScenarioRun, scenario: SeedScenario): string =>
  [r.kernel, ...r.patches.map((p) => `+${p}`), ...(r.layout && r.layout !== scenario.name ? [`(${r.layout})`] : []),
    ...(r.properties.length && r.expect === 'verified' ? [`[${r.properties.join(',')}]`] : [])].join(' ');

export async function runScenario(scenario: SeedScenario, run: ScenarioRun): Promise<RunOutcome> {
  const model = await modelForRun({ layout: run.layout ?? scenario.name, kernel: run.kernel, patch: run.patches, property: run.properties });
  if (!model.ok) throw new Error(`built-in scenario ${scenario.name}: ${model.error}`);
  const result = search(model.value, model.value.properties, { stopAtFirst: run.expect === 'violation' });
  const v = result.violations.find((x) => x.property === scenario.property) ?? result.violations[0];
  return {
    run,
    verdict: result.verdict,
    states: result.states,
    traceSteps: v ? v.trace.length - 1 : 0,
    ok: result.verdict === run.expect && (run.expect !== 'violation' || v?.property === scenario.property),
  };
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
}

export async function seedsTable(write: (line: string) => void): Promise<boolean> {
  const header = ['scenario', 'seed', 'buggy kernel', 'violates', 'trace', 'fixed kernel', 'verdict', 'states'];
  const rows: string[][] = [];
  let allOk = true;
  for (const s of SEED_SCENARIOS) {
    const buggy = await runScenario(s, s.buggy);
    allOk &&= buggy.ok;
    const bugCells = [label(s.buggy, s), buggy.ok ? s.property : `UNEXPECTED: ${buggy.verdict}`, `${buggy.traceSteps} steps`];
    for (const [i, f] of s.fixed.entries()) {
      const fixed = await runScenario(s, f);
      allOk &&= fixed.ok;
      const lead = i === 0 ? [s.name, s.seed, ...bugCells] : ['', '', '', '', ''];
      rows.push([...lead, label(f, s), fixed.ok ? fixed.verdict : `UNEXPECTED: ${fixed.verdict}`, String(fixed.states)]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  write(pad(header, widths));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) write(pad(r, widths));
  write('');
  write(allOk ? 'Every seed bug is found on its buggy kernel and verified absent on its fixed kernel.' : 'Some scenario did not behave as expected (rows marked UNEXPECTED).');
  return allOk;
}
