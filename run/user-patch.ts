/**
 * `--patch ./my-fix.ts`: load a user's module that replaces behaviour points.
 *
 * The module's default export is a patch: `{ name, description, overrides }`, where
 * `overrides` maps behaviour point names (model/kernels/behaviour.ts) to values of the right
 * kind: functions for function points, the documented strings or booleans for data points.
 * A malformed module is a user mistake, reported as one line naming the field.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BEHAVIOUR_POINTS, type Patch } from '../model/kernels/behaviour.ts';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

const looksLikePath = (p: string): boolean => /[\\/]/.test(p) || /\.(ts|mts|js|mjs)$/.test(p);
export const isPatchPath = looksLikePath;

function checkOverrides(file: string, overrides: Record<string, unknown>): string | null {
  const keys = Object.keys(overrides);
  if (keys.length === 0) return `${file}: overrides: names no behaviour point`;
  for (const key of keys) {
    const point = BEHAVIOUR_POINTS.find((p) => p.name === key);
    if (!point) return `${file}: overrides.${key}: unknown behaviour point (known: ${BEHAVIOUR_POINTS.map((p) => p.name).join(', ')})`;
    const value = overrides[key];
    if (point.kind === 'function' && typeof value !== 'function') return `${file}: overrides.${key}: must be a function`;
    if (point.kind === 'object' && (typeof value !== 'object' || value === null)) return `${file}: overrides.${key}: must be a zone policy object`;
    if (point.kind === 'data' && typeof value !== 'string' && typeof value !== 'boolean') return `${file}: overrides.${key}: must be a string or boolean`;
  }
  return null;
}

/** Imports and validates a user patch module. */
export async function loadUserPatch(path: string): Promise<Loaded<Patch>> {
  const abs = resolve(path);
  if (!existsSync(abs)) return { ok: false, error: `--patch ${path}: no such file` };
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
  } catch (e) {
    const first = String((e as Error).message ?? e).split('\n')[0];
    return { ok: false, error: `--patch ${path}: cannot load the module: ${first}` };
  }
  const p = mod.default as Partial<Patch> | undefined;
  if (!p || typeof p !== 'object') return { ok: false, error: `${path}: default export: must be a patch object { name, description, overrides }` };
  if (typeof p.name !== 'string' || p.name === '') return { ok: false, error: `${path}: name: must be a non-empty string` };
  if (typeof p.description !== 'string') return { ok: false, error: `${path}: description: must be a string` };
  if (typeof p.overrides !== 'object' || p.overrides === null) return { ok: false, error: `${path}: overrides: must be an object` };
  const bad = checkOverrides(path, p.overrides as Record<string, unknown>);
  return bad ? { ok: false, error: bad } : { ok: true, value: { ...(p as Patch), source: abs } };
}
