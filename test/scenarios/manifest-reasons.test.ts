/**
 * Every pinned case says why it is pinned, and `npm run manifest` cannot change a verdict or
 * the violated properties behind the user's back (test/scenarios/manifest-merge.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseId, type ManifestEntry } from './catalogue.ts';
import { mergeManifest, reasonProblems } from './manifest-merge.ts';

const manifestFile = new URL('./manifest.json', import.meta.url).pathname;
const manifest: ManifestEntry[] = JSON.parse(readFileSync(manifestFile, 'utf8'));

const entry = (over: Partial<ManifestEntry> = {}): ManifestEntry => ({
  layout: 'ppc-interleaved', kernel: 'v5.8', patches: [], properties: [],
  verdict: 'violation', states: 385, transitions: 4000, depth: 12, violations: { 'link-consistency': 9 }, ...over,
});

describe('manifest reasons', () => {
  it('every pinned case carries a one-line reason (add one in manifest.json: docs/testing.md#the-manifest)', () => {
    expect(reasonProblems(manifest)).toEqual([]);
  });

  it('a case without a reason, or with two lines, is named', () => {
    const { reason: _r, ...bare } = entry({ reason: 'x' });
    expect(reasonProblems([bare, entry({ kernel: 'v5.9', reason: 'a\nb' })])).toEqual([
      '"ppc-interleaved v5.8" has no "reason"',
      '"ppc-interleaved v5.9": "reason" is more than one line',
    ]);
  });
});

describe('mergeManifest', () => {
  const pinned = [entry({ reason: 'seed 000' }), entry({ kernel: 'v5.9', verdict: 'verified', violations: {}, reason: 'fixed' })];

  it('keeps each reason and lets counts change', () => {
    const fresh = [entry({ states: 999, violations: { 'link-consistency': 7 } }), entry({ kernel: 'v5.9', verdict: 'verified', violations: {}, states: 1 })];
    const r = mergeManifest(pinned, fresh, []);
    expect(r).toEqual({ ok: true, accepted: [], entries: [{ ...fresh[0], reason: 'seed 000' }, { ...fresh[1], reason: 'fixed' }] });
  });

  it('refuses a changed verdict unless the case is named', () => {
    const fresh = [entry(), entry({ kernel: 'v5.9' })];
    const r = mergeManifest(pinned, fresh, []);
    expect(r).toEqual({ ok: false, error: '"ppc-interleaved v5.9": verdict verified -> violation, violated none -> link-consistency; not written. If this is right, name the case: npm run manifest -- "ppc-interleaved v5.9"' });
    const named = mergeManifest(pinned, fresh, ['ppc-interleaved v5.9']);
    expect(named.ok && named.entries[1]).toEqual({ ...fresh[1], reason: 'fixed' });
    expect(named.ok && named.accepted).toEqual(['ppc-interleaved v5.9: verdict verified -> violation, violated none -> link-consistency']);
  });

  it('refuses a changed set of violated properties with the same verdict', () => {
    const r = mergeManifest(pinned, [entry({ violations: { 'memmap-valid': 3 } }), pinned[1]!], []);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^"ppc-interleaved v5.8": violated link-consistency -> memmap-valid; not written/);
  });

  it('a new case comes in without a reason; a named case that does not exist is refused', () => {
    const added = entry({ kernel: 'v6.1', verdict: 'verified', violations: {} });
    const r = mergeManifest(pinned, [...pinned, added], []);
    expect(r.ok && r.entries[2]).toEqual(added);
    expect(r.ok && reasonProblems(r.entries)).toEqual(['"ppc-interleaved v6.1" has no "reason"']);
    expect(mergeManifest(pinned, pinned, ['nope v1'])).toEqual({ ok: false, error: 'no manifest case "nope v1" (a case is named as "layout kernel +patch [properties]")' });
  });
});

describe('npm run manifest', () => {
  const small = 'pmem-early-section v4.10';
  const run = (file: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'test/scenarios/generate-manifest.ts', '--manifest', file, '--only', small, ...args], { encoding: 'utf8' });

  it('refuses, in one line with exit 2, a result that differs from the pinned one, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpcheck-manifest-'));
    const file = join(dir, 'manifest.json');
    const tampered = manifest.map((e) => (caseId(e) === small ? { ...e, verdict: 'violation', violations: { 'memmap-valid': 5 } } : e));
    const text = `${JSON.stringify(tampered, null, 1)}\n`;
    writeFileSync(file, text);
    const refused = run(file);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n').at(-1)).toBe(
      `manifest: "${small}": verdict violation -> verified, violated memmap-valid -> none; not written. If this is right, name the case: npm run manifest -- "${small}"`);
    expect(readFileSync(file, 'utf8')).toBe(text);

    const accepted = run(file, small);
    expect(accepted.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(manifestFile, 'utf8'));
  }, 60_000);
});
