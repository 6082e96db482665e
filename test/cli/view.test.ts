/**
 * `hpcheck view FILE.itf.json` and `check --html`: one self-contained page whose embedded
 * data holds every step of the trace. The page itself is driven in a browser by
 * test/browser/viewer.test.ts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ViewTrace } from '../../cli/view/view-data.ts';
import { ROOT, hpcheck } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-view-'));
const FIXTURE = join(ROOT, 'test/fixtures/ppc-interleaved.v5.8.link-consistency.itf.json');

function pageData(html: string): { traces: ViewTrace[] } {
  const m = /<script id="hpcheck-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no embedded data');
  return JSON.parse(m[1]!);
}

describe('hpcheck view', () => {
  const out = join(dir, 'link.html');
  const r = hpcheck('view', FIXTURE, '--out', out);
  const html = readFileSync(out, 'utf8');

  it('writes one page that loads nothing from elsewhere', () => {
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}\n`);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|\bhref=|url\(|@import|:\/\//);
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  it('carries every step, with the dangling node1/memory2 at the last one only', () => {
    const [t] = pageData(html).traces;
    const meta = JSON.parse(readFileSync(FIXTURE, 'utf8'))['#meta'];
    expect(t!.steps.map((s) => s.action)).toEqual(['power-on', ...meta.actions]);
    expect(t!.property).toMatchObject({ name: 'link-consistency', message: meta.message });
    const stale = t!.steps.map((s) => s.sysfs.filter((e) => e.stale && e.change !== 'removed').map((e) => e.path));
    expect(stale.at(-1)).toEqual(['node/node1/memory2']);
    expect(stale.slice(0, -1).flat()).toEqual([]);
    expect(t!.steps.at(-1)!.sysfs.filter((e) => e.change === 'removed').map((e) => e.path)).toEqual([
      'memory/memory2/', 'memory/memory2/node1', 'memory/memory2/node2', 'node/node2/memory2',
    ]);
    expect(t!.steps.map((s) => s.violation !== null)).toEqual(t!.steps.map((_, i) => i === t!.steps.length - 1));
  });

  it('the address map has one letter per subsection; the removed LMB has no memmap', () => {
    const [t] = pageData(html).traces;
    const last = t!.steps.at(-1)!;
    expect(last.subs.kind).toBe('bbbbbbbbddddbbbb');
    expect(last.subs.memmap.slice(8, 12)).toBe('aaaa');
    expect(last.subs.valid.slice(8, 12)).toBe('0000');
  });

  it('check --html: one page with every violation; a trace file that cannot be read: exit 2', () => {
    const page = join(dir, 'all.html');
    const c = hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--html', page);
    expect(c.stderr).toContain(`hpcheck: wrote ${page} (4 counterexamples)`);
    expect(pageData(readFileSync(page, 'utf8')).traces.map((t) => t.property.name)).toEqual([
      'single-node-per-block', 'link-consistency', 'memmap-valid', 'no-kernel-bug',
    ]);
    const bad = hpcheck('view', join(dir, 'nope.itf.json'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`hpcheck: ${join(dir, 'nope.itf.json')}: no such file\n`);
  });
});
