/** docs/architecture.md's layer table says what test/architecture/imports.ts enforces. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALLOWED } from '../architecture/imports.ts';

const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');

describe('docs/architecture.md', () => {
  it('has one row per folder of ALLOWED, listing exactly the folders it may import', () => {
    const rows = [...doc.matchAll(/^\| `(\w+)\/` \| ([^|]+) \|/gm)].map((m) => {
      const list = m[2]!.trim();
      const everything = Object.keys(ALLOWED).filter((k) => k !== m[1]);
      const allowed = list === 'nothing' ? [] : list === 'everything' ? everything : list.split(',').map((s) => s.trim());
      return [m[1]!, [...allowed].sort()] as const;
    });
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(ALLOWED).map(([k, v]) => [k, [...v].sort()])));
  });
});
