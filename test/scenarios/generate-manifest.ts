/**
 * Regenerates test/scenarios/manifest.json: `npm run manifest`. A changed count is a commit
 * worth explaining; the manifest test fails until the manifest is regenerated.
 */
import { writeFileSync } from 'node:fs';
import { allCases, caseId } from './catalogue.ts';
import { runCase } from './run-case.ts';

const entries = [];
for (const c of allCases()) {
  const e = await runCase(c);
  process.stderr.write(`${caseId(c)}: ${e.verdict}, ${e.states} states\n`);
  entries.push(e);
}
writeFileSync(new URL('./manifest.json', import.meta.url), `${JSON.stringify(entries, null, 1)}\n`);
