/**
 * Regenerates test/scenarios/manifest.json: `npm run manifest [-- CASE... --only CASE...]`.
 *
 * Each case keeps its one-line `reason`. A case whose verdict or violated properties change
 * is refused (one line, exit 2, nothing written) unless it is named as CASE, so a wrong
 * result cannot slip in by regenerating. `--only CASE` (repeatable) re-runs only those
 * cases and keeps the others as pinned; `--manifest FILE` reads and writes another file.
 * A changed count is a commit worth explaining; docs/testing.md#the-manifest.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { allCases, caseId, type ManifestEntry } from './catalogue.ts';
import { mergeManifest } from './manifest-merge.ts';
import { runCase } from './run-case.ts';

function fail(message: string): never {
  process.stderr.write(`manifest: ${message}\n`);
  process.exit(2);
}

function readArgs() {
  try {
    const { values, positionals } = parseArgs({
      options: { only: { type: 'string', multiple: true }, manifest: { type: 'string' } },
      allowPositionals: true,
    });
    return { accept: positionals, only: values.only ?? [], file: values.manifest ?? new URL('./manifest.json', import.meta.url).pathname };
  } catch (e) {
    return fail((e as Error).message);
  }
}

const { accept, only, file } = readArgs();
const pinned: ManifestEntry[] = JSON.parse(readFileSync(file, 'utf8'));
const cases = allCases();
const unknownOnly = only.find((id) => !cases.some((c) => caseId(c) === id));
if (unknownOnly !== undefined) fail(`--only: no manifest case "${unknownOnly}"`);

const fresh: ManifestEntry[] = [];
for (const c of cases) {
  const id = caseId(c);
  const kept = only.length > 0 && !only.includes(id) ? pinned.find((e) => caseId(e) === id) : undefined;
  const e = kept ?? (await runCase(c));
  if (!kept) process.stderr.write(`${id}: ${e.verdict}, ${e.states} states\n`);
  fresh.push(e);
}
const merged = mergeManifest(pinned, fresh, accept);
if (!merged.ok) fail(merged.error);
for (const a of merged.accepted) process.stderr.write(`accepted: ${a}\n`);
writeFileSync(file, `${JSON.stringify(merged.entries, null, 1)}\n`);
const missing = merged.entries.filter((e) => !e.reason).map(caseId);
if (missing.length) process.stderr.write(`no reason yet (add one in ${file}): ${missing.join('; ')}\n`);
