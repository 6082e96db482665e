/**
 * The engine stays generic: nothing under explore/ may import from model/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const exploreDir = join(root, 'explore');
const modelDir = join(root, 'model');

/** Every module specifier in `from '...'`, `import '...'` and `import('...')`. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** True when @specifier, imported from @file, names model/ or something inside it. */
function importsModel(file: string, specifier: string): boolean {
  if (/(^|\/)model\//.test(specifier) || /^\.\.\/model(\.ts)?$/.test(specifier)) return true;
  if (!specifier.startsWith('.')) return false;
  const target = resolve(dirname(file), specifier);
  return target === modelDir || target.startsWith(modelDir + sep);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('explore/ is generic over Model', () => {
  it('no .ts file under explore/ imports from model/', () => {
    const files = tsFiles(exploreDir);
    expect(files.map((f) => relative(root, f))).toContain(join('explore', 'bfs.ts'));
    const offending = files.flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((spec) => importsModel(file, spec))
        .map((spec) => `${relative(root, file)}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('the check catches the imports it is meant to catch', () => {
    const file = join(exploreDir, 'bfs.ts');
    const source = [
      "import type { Layout } from '../model/layout/schema.ts';",
      "export { x } from \"../model/state.ts\";",
      "const m = await import('../model');",
      "import './model.ts';",
    ].join('\n');
    const caught = specifiers(source).filter((spec) => importsModel(file, spec));
    expect(caught).toEqual(['../model/layout/schema.ts', '../model/state.ts', '../model']);
  });
});
