/**
 * The import graph of the repository's own TypeScript: which file imports which, by relative
 * specifier (type-only imports included, since they shape the design as much as the others),
 * checked against a table of allowed folder-to-folder imports and for cycles between files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';

/**
 * Which top-level folders each folder may import from (besides itself). The layers, bottom up:
 * explore (the generic engine) < model < properties < run (a run built from the options) <
 * sweep, conformance < cli, bench; tests may import anything.
 */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  explore: [],
  model: ['explore'],
  properties: ['model', 'explore'],
  run: ['properties', 'model', 'explore'],
  sweep: ['run', 'properties', 'model', 'explore'],
  conformance: ['run', 'properties', 'model', 'explore'],
  cli: ['conformance', 'sweep', 'run', 'properties', 'model', 'explore'],
  bench: ['sweep', 'run', 'properties', 'model', 'explore'],
  examples: ['model'],
  test: ['bench', 'cli', 'conformance', 'sweep', 'run', 'properties', 'model', 'explore', 'examples'],
};

/** Every relative module specifier in `from '...'`, `import '...'` and `import('...')`. */
export function specifiers(source: string): string[] {
  return [...source.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]*|\.{1,2})['"]/g)].map((m) => m[1]!);
}

/** The repository-relative file a specifier written in `file` names (`.js` read as `.ts`). */
export function target(file: string, specifier: string): string {
  return normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts');
}

const topFolder = (file: string): string => file.split('/')[0]!;

/** `from -> to` lines for each import that crosses into a folder `ALLOWED` does not list. */
export function forbidden(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = topFolder(file);
    const allowed = ALLOWED[from];
    for (const t of targets) {
      const to = topFolder(t);
      if (to === from) continue;
      if (allowed === undefined || !allowed.includes(to)) out.push(`${file} -> ${t} (${from}/ may not import ${to}/)`);
    }
  }
  return out;
}

/** The strongly connected components of more than one file (Tarjan), each sorted. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = ''; w !== v;) { w = stack.pop()!; onStack.delete(w); component.push(w); }
    if (component.length > 1) out.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : sourceFiles(root, path);
    return /\.(ts|mts|mjs)$/.test(e.name) ? [path] : [];
  });
}

/** The import graph of every source file under the folders of `ALLOWED`, keyed by repository path. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of Object.keys(ALLOWED)) {
    for (const file of sourceFiles(root, folder)) {
      const source = readFileSync(resolve(root, file), 'utf8');
      graph.set(file, specifiers(source).map((s) => target(file, s)));
    }
  }
  return graph;
}
