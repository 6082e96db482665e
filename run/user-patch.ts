/**
 * `--patch ./my-fix.ts`: load a user's module that replaces behaviour points.
 *
 * The module's default export is a patch: `{ name, description, overrides }`, where
 * `overrides` maps behaviour point names to values of the right kind: functions for function
 * points, one of the listed strings or booleans for data points. Which points a patch may
 * name is the run's model's: the hotplug model's (model/kernels/behaviour.ts) or the lock
 * model's (model/locking/behaviour.ts); the resolution layer passes them in. The points a
 * patch overrides say which model it patches: the two models share no point name.
 * A malformed module is a user mistake, reported as one line naming the field.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BEHAVIOUR_POINTS, type Behaviour } from '../model/kernels/behaviour.ts';
import type { BehaviourPointSpec, Patch } from '../model/kernels/profile.ts';

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

const looksLikePath = (p: string): boolean => /[\\/]/.test(p) || /\.(ts|mts|js|mjs)$/.test(p);
export const isPatchPath = looksLikePath;

/** The behaviour points a user patch may override in one run: its model's. */
export interface PatchPoints {
  readonly points: readonly BehaviourPointSpec[];
  /** Why `key`, not one of `points`, is a point of another model; null when it is none. */
  readonly elsewhere?: (key: string) => string | null;
}

export const HOTPLUG_PATCH_POINTS: PatchPoints = { points: BEHAVIOUR_POINTS };

function checkValue(point: BehaviourPointSpec, value: unknown): string | null {
  if (point.kind === 'function') return typeof value === 'function' ? null : 'must be a function';
  if (point.kind === 'object') return typeof value === 'object' && value !== null ? null : 'must be a zone policy object';
  if (typeof value !== 'string' && typeof value !== 'boolean') return 'must be a string or boolean';
  if (point.values && !point.values.includes(value)) return `must be one of ${point.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return null;
}

function checkOverrides(file: string, overrides: Record<string, unknown>, allowed: PatchPoints): string | null {
  const keys = Object.keys(overrides);
  if (keys.length === 0) return `${file}: overrides: names no behaviour point`;
  for (const key of keys) {
    const point = allowed.points.find((p) => p.name === key);
    const other = point ? null : allowed.elsewhere?.(key);
    if (other) return `${file}: overrides.${key}: ${other}`;
    if (!point) return `${file}: overrides.${key}: unknown behaviour point (known: ${allowed.points.map((p) => p.name).join(', ')})`;
    const bad = checkValue(point, overrides[key]);
    if (bad) return `${file}: overrides.${key}: ${bad}`;
  }
  return null;
}

/**
 * loadUserPatch() - import and validate a user patch module
 * @allowed: the points of the run's model (default: the hotplug model's)
 */
export async function loadUserPatch<B = Behaviour>(path: string, allowed: PatchPoints = HOTPLUG_PATCH_POINTS): Promise<Loaded<Patch<B>>> {
  const abs = resolve(path);
  if (!existsSync(abs)) return { ok: false, error: `--patch ${path}: no such file` };
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
  } catch (e) {
    const first = String((e as Error).message ?? e).split('\n')[0];
    return { ok: false, error: `--patch ${path}: cannot load the module: ${first}` };
  }
  const p = mod.default as Partial<Patch<B>> | undefined;
  if (!p || typeof p !== 'object') return { ok: false, error: `${path}: default export: must be a patch object { name, description, overrides }` };
  if (typeof p.name !== 'string' || p.name === '') return { ok: false, error: `${path}: name: must be a non-empty string` };
  if (typeof p.description !== 'string') return { ok: false, error: `${path}: description: must be a string` };
  if (typeof p.overrides !== 'object' || p.overrides === null) return { ok: false, error: `${path}: overrides: must be an object` };
  const bad = checkOverrides(path, p.overrides as Record<string, unknown>, allowed);
  return bad ? { ok: false, error: bad } : { ok: true, value: { ...(p as Patch<B>), source: abs } };
}
