/**
 * The layers point one way, and no two files import each other, directly or round a loop.
 * The table of allowed folder-to-folder imports is test/architecture/imports.ts.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALLOWED, cycles, forbidden, importGraph, specifiers, target } from './imports.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const graph = importGraph(root);

describe('folder layers', () => {
  it('reads the whole tree: engine, model, run layer and commands', () => {
    for (const f of ['explore/bfs.ts', 'model/kernel.ts', 'run/resolve.ts', 'cli/main.ts', 'sweep/run.ts', 'conformance/main.ts', 'bench/bench.ts']) {
      expect(graph.has(f), f).toBe(true);
    }
  });

  it('every import goes to a folder the table allows (explore/ imports nothing of model/, nothing below cli/ imports cli/)', () => {
    expect(forbidden(graph)).toEqual([]);
  });

  it('no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('every source folder has a row in the table', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(['bench', 'cli', 'conformance', 'examples', 'explore', 'model', 'properties', 'run', 'sweep', 'test']);
  });
});

describe('the checker itself', () => {
  it('finds static, re-exported, dynamic and side-effect imports, and leaves packages alone', () => {
    const source = [
      "import type { Layout } from '../model/layout/schema.ts';",
      'export { x } from "../model/state.js";',
      "const m = await import('../model/kernel.ts');",
      "import './model.ts';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(specifiers(source)).toEqual(['../model/layout/schema.ts', '../model/state.js', '../model/kernel.ts', './model.ts']);
    expect(target('explore/bfs.ts', '../model/state.js')).toBe('model/state.ts');
  });

  it('flags an import into a folder the table does not allow: explore/ -> model/, run/ -> cli/', () => {
    const g = new Map([
      ['explore/bfs.ts', ['explore/model.ts', 'model/state.ts']],
      ['run/resolve.ts', ['cli/report/story.ts', 'model/kernel.ts']],
      ['cli/main.ts', ['run/resolve.ts']],
    ]);
    expect(forbidden(g)).toEqual([
      'explore/bfs.ts -> model/state.ts (explore/ may not import model/)',
      'run/resolve.ts -> cli/report/story.ts (run/ may not import cli/)',
    ]);
  });

  it('finds a cycle of three files and ignores a chain', () => {
    const g = new Map([
      ['cli/a.ts', ['cli/b.ts']], ['cli/b.ts', ['cli/c.ts']], ['cli/c.ts', ['cli/a.ts']],
      ['run/x.ts', ['run/y.ts']], ['run/y.ts', []],
    ]);
    expect(cycles(g)).toEqual([['cli/a.ts', 'cli/b.ts', 'cli/c.ts']]);
  });
});
