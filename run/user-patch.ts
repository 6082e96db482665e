/**
 * `--patch ./my-fix.ts`: load a user's module that replaces behaviour points.
 *
 * The module's default export is a patch: `{ name, description, overrides }`, where
 * `overrides` maps behaviour point names (model/kernels/behaviour.ts) to values of the right
 * kind (run/patch-schema.ts): functions for function points, one of the documented values
 * for data points. A malformed module is a user mistake, reported as one line naming the
 * field.
 *
 * A user patch is loaded only in the sandboxed child process (run/sandbox/): the process
 * that prints the verdict never imports user code, and loading one there is an hpcheck bug.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Patch } from '../model/kernels/behaviour.ts';
import { checkPatchExport } from './patch-schema.ts';
import { guardPatch, processMark, tampered, WATCH_IMPORT } from './sandbox/guard.ts';
import { patchIndex, reportFault, sandboxed, watchedAsync } from './sandbox/watch.ts';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

const looksLikePath = (p: string): boolean => /[\\/]/.test(p) || /\.(ts|mts|cts|js|mjs|cjs)$/.test(p);
export const isPatchPath = looksLikePath;

function importError(path: string, e: unknown): string {
  const err = e as { code?: unknown; resource?: unknown; message?: unknown };
  if (err?.code === 'ERR_ACCESS_DENIED') {
    return `--patch ${path}: the module was denied by the sandbox${typeof err.resource === 'string' ? ` (${err.resource})` : ''} at import: a patch may read only itself and hpcheck, and may not write files or start processes`;
  }
  const first = String(err?.message ?? e).split('\n')[0]!.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 300);
  return `--patch ${path}: cannot load the module: ${first}`;
}

/** Imports and validates a user patch module (in the sandbox only). */
export async function loadUserPatch(path: string): Promise<Loaded<Patch>> {
  if (!sandboxed()) throw new Error(`hpcheck bug: user patch ${path} would be loaded outside the sandbox`);
  const abs = resolve(path);
  if (!existsSync(abs)) return { ok: false, error: `--patch ${path}: no such file` };
  if (!statSync(abs).isFile()) return { ok: false, error: `--patch ${path}: not a file` };
  const index = patchIndex(abs);
  if (index < 0) throw new Error(`hpcheck bug: user patch ${abs} is not one the sandbox was started with`);
  let mod: { default?: unknown };
  const mark = processMark();
  try {
    mod = await watchedAsync(index * 64 + WATCH_IMPORT, async () => (await import(pathToFileURL(abs).href)) as { default?: unknown });
  } catch (e) {
    const line = importError(path, e);
    reportFault(line);
    return { ok: false, error: line };
  }
  const touched = tampered(path, 'the import of the module', mark);
  if (touched) {
    reportFault(touched);
    return { ok: false, error: touched };
  }
  const bad = checkPatchExport(path, mod.default);
  if (bad) return { ok: false, error: bad };
  return { ok: true, value: guardPatch(path, index, { ...(mod.default as Patch), source: abs }) };
}
