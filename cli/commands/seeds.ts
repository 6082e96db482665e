/**
 * `hpcheck seeds` (`npm start`): run every seed scenario and print one table row each: the
 * buggy kernel with the property it breaks and the trace length, and the fixed kernels with
 * their verdict and state count.
 */
import { runScenario } from '../../run/scenario-model.ts';
import { SEED_SCENARIOS, type ScenarioRun, type SeedScenario } from '../../run/scenarios.ts';

const label = (r: ScenarioRun, scenario: SeedScenario): string =>
  [r.kernel, ...r.patches.map((p) => `+${p}`), ...(r.layout && r.layout !== scenario.name ? [`(${r.layout})`] : []),
    ...(r.properties.length && r.expect === 'verified' ? [`[${r.properties.join(',')}]`] : [])].join(' ');

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
