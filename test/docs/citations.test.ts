/**
 * The repository stands alone: every link in README.md and docs/, and every
 * `docs/<file>.md#anchor` (or README anchor) a source comment cites, points at a file
 * and heading that exist here; nothing cites the background documents the project was
 * specified from (its contract and kernel-semantics notes, cited by section), which a
 * reader cannot open.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(dirname(new URL(import.meta.url).pathname), '../..');
const FOLDERS = ['bench', 'cli', 'conformance', 'docs', 'examples', 'explore', 'model', 'properties', 'run', 'sweep', 'test'];

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'fixtures' && e.name !== 'output') files(p, out); }
    else if (/\.(ts|md|mjs|yaml|sh)$/.test(e.name)) out.push(p);
  }
  return out;
}

const sources = [join(root, 'README.md'), ...FOLDERS.flatMap((f) => files(join(root, f)))];
const rel = (p: string): string => relative(root, p);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    let slug = base;
    for (let i = 1; out.has(slug); i++) slug = `${base}-${i}`;
    out.add(slug);
  }
  return out;
}

/** `path#anchor` a file cites, resolved from the repository root or from the citing file. */
function targets(file: string, text: string): { cited: string; path: string; anchor?: string }[] {
  const out: { cited: string; path: string; anchor?: string }[] = [];
  const md = file.endsWith('.md');
  if (md) {
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = m[1]!;
      if (/^[a-z]+:/.test(link)) continue;
      const [p, anchor] = link.split('#');
      out.push({ cited: link, path: p ? join(dirname(file), p) : file, ...(anchor ? { anchor } : {}) });
    }
  }
  for (const m of text.matchAll(/(?<![\w/.])((?:docs\/[\w-]+|README)\.md)(?:#([\w-]+))?/g)) {
    out.push({ cited: m[0], path: join(root, m[1]!), ...(m[2] ? { anchor: m[2] } : {}) });
  }
  return out;
}

describe('citations', () => {
  it('every link and cited docs/ anchor resolves to a file and heading of this repository', () => {
    const broken: string[] = [];
    for (const file of sources) {
      for (const t of targets(file, readFileSync(file, 'utf8'))) {
        if (!existsSync(t.path)) { broken.push(`${rel(file)}: ${t.cited}: no such file`); continue; }
        if (t.anchor && t.path.endsWith('.md') && !anchors(readFileSync(t.path, 'utf8')).has(t.anchor)) {
          broken.push(`${rel(file)}: ${t.cited}: no heading #${t.anchor} in ${rel(t.path)}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('every repository file that README.md, docs/ or a source comment names exists (tests may name made-up files)', () => {
    const path = /(?<![\w./-])((?:bench|cli|conformance|docs|examples|explore|model|properties|run|sweep|test)\/[\w./-]+\.(?:ts|md|json|yaml|sh|mjs|png))/g;
    const missing = sources.filter((f) => !rel(f).startsWith('test/'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(path)].map((m) => [f, m[1]!] as const))
      .filter(([, p]) => !existsSync(join(root, p)))
      .map(([f, p]) => `${rel(f)}: ${p}`);
    expect(missing).toEqual([]);
  });

  it('nothing cites documents outside the repository', () => {
    const section = '\u00a7'; // spelt as an escape so that a grep of the tree for the citations finds none here
    const outside = new RegExp(`contract ${section}|kernel-semantics\\.md ${section}|real-kernel-qemu\\.md|product-contract\\.md|/work/shared|shared/reference`);
    const hits = sources.filter((f) => f !== new URL(import.meta.url).pathname)
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => [f, i, line] as const))
      .filter(([, , line]) => outside.test(line))
      .map(([f, i, line]) => `${rel(f)}:${i + 1}: ${line.trim()}`);
    expect(hits).toEqual([]);
  });

  it('anchors() follows GitHub: code spans, punctuation and repeats', () => {
    expect([...anchors('# `hpcheck check`\n## Seed 000: boot links keyed on system_state\n## ZONE_DEVICE\n```\n# not a heading\n```\n## ZONE_DEVICE\n')])
      .toEqual(['hpcheck-check', 'seed-000-boot-links-keyed-on-system_state', 'zone_device', 'zone_device-1']);
  });
});
