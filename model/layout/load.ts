/**
 * loadLayout() - find a layout by built-in name or by path, and parse it.
 *
 * Built-in layouts are the files `model/layouts/<name>.yaml`. A built-in name wins over a file
 * of the same name in the current directory. The big layouts, modelled on real machines and
 * too large to search exhaustively (`simulate` walks them), are `model/layouts/big/<name>.yaml`;
 * they are found by name too, but are not among builtinLayoutNames(), which every exhaustive
 * check (the scenario manifest) runs.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLayout, type ParseLayoutResult } from './parse.ts';

const BUILTIN_DIR = new URL('../layouts/', import.meta.url);
const BIG_DIR = new URL('../layouts/big/', import.meta.url);
const SUFFIX = '.yaml';

/** builtinLayoutNames() - the built-in layout names, sorted; empty if there are none. */
export function builtinLayoutNames(): string[] {
  return layoutNamesIn(BUILTIN_DIR);
}

/** bigLayoutNames() - the big built-in layouts (model/layouts/big/), sorted. */
export function bigLayoutNames(): string[] {
  return layoutNamesIn(BIG_DIR);
}

function layoutNamesIn(dir: URL): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith(SUFFIX) && f.length > SUFFIX.length)
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/**
 * loadLayout() - a validated layout.
 * @nameOrPath: a built-in name (see builtinLayoutNames()) or the path of a YAML or JSON file.
 *
 * Return: the layout, or a one-line error; a file's errors name it as given.
 */
export function loadLayout(nameOrPath: string): ParseLayoutResult {
  const builtins = builtinLayoutNames();
  if (builtins.includes(nameOrPath)) {
    const url = new URL(`${nameOrPath}${SUFFIX}`, BUILTIN_DIR);
    return readAndParse(fileURLToPath(url), `model/layouts/${nameOrPath}${SUFFIX}`);
  }
  if (bigLayoutNames().includes(nameOrPath)) {
    return readAndParse(fileURLToPath(new URL(`${nameOrPath}${SUFFIX}`, BIG_DIR)), `model/layouts/big/${nameOrPath}${SUFFIX}`);
  }
  if (isFile(nameOrPath)) return readAndParse(nameOrPath, nameOrPath);
  const all = [...builtins, ...bigLayoutNames()];
  const list = all.length > 0 ? all.join(', ') : 'none';
  return { ok: false, error: `layout "${nameOrPath}": no such built-in layout or file (built-ins: ${list})` };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The largest layout file read: every range is at least a subsection, so a valid layout has
 * at most LAYOUT_LIMITS.maxSections × maxSubsectionsPerSection boot ranges plus the DIMMs and
 * pmem, well under this in any notation. A bigger file is refused before it is parsed.
 */
export const MAX_LAYOUT_BYTES = 1 << 20;

function readAndParse(path: string, source: string): ParseLayoutResult {
  let text: string;
  const size = statSync(path).size;
  if (size > MAX_LAYOUT_BYTES) return { ok: false, error: `${source}: ${size} bytes, above the ${MAX_LAYOUT_BYTES}-byte limit of a layout file (no valid layout is that large)` };
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `${source}: cannot read: ${reason}` };
  }
  return parseLayout(text, source);
}
