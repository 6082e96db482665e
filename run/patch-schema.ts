/**
 * The schema of a user patch module's default export, point by point (zod, as the layouts
 * are): a data point takes one of the values its kernel variants have, a function point a
 * function, `zone_policy` an object with the policy's four members. And the check of what
 * an override returns, which the sandbox makes on every call (run/sandbox/guard.ts).
 */
import { z } from 'zod';
import { BEHAVIOUR_POINTS, type BehaviourPoint } from '../model/kernels/behaviour.ts';
import { Zone, ZONE_NAMES } from '../model/state.ts';

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'must be a function' });
const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, { error: (i) => `must be one of ${values.map((v) => `'${v}'`).join(', ')} (got ${show(i.input)})` });
const bool = z.boolean({ error: (i) => `must be true or false (got ${show(i.input)})` });

/** A value as a short, printable piece of an error line. */
export function show(v: unknown): string {
  const text = typeof v === 'string' ? `'${v}'` : typeof v === 'function' ? 'a function' : (JSON.stringify(v) ?? String(v));
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}

const zonePolicy = z.object({
  name: z.string({ error: 'must be a string' }),
  zoneAtAdd: bool,
  zoneForOnline: fn,
  validZones: fn,
}, { error: 'must be a zone policy object { name, zoneAtAdd, zoneForOnline, validZones }' });

/** Every behaviour point with the values a patch may give it. */
export const POINT_SCHEMAS: Readonly<Record<BehaviourPoint, z.ZodType>> = {
  register_mem_sect_under_node: fn,
  do_register_memory_block_under_node: fn,
  link_failure: oneOf(['bug-on', 'ignore']),
  mem_nid: oneOf(['v5.3', 'v5.4']),
  unregister_memory_block_under_nodes: fn,
  try_offline_node: fn,
  section_deactivate: fn,
  zone_policy: zonePolicy,
  memmap_at_add: oneOf(['initialised', 'nid-only', 'poisoned']),
  span_shrink: oneOf(['at-remove', 'at-offline']),
  offline_poisons_memmap: bool,
  subsection_hotplug: bool,
  shrink_zone_device: bool,
  node_registration: oneOf(['topology_init', 'node_dev_init']),
};

const known = BEHAVIOUR_POINTS.map((p) => p.name).join(', ');

/**
 * checkPatchExport() - one line naming the first bad field of a patch module's default
 * export, or null when it is a valid patch
 */
export function checkPatchExport(file: string, value: unknown): string | null {
  if (!value || typeof value !== 'object') return `${file}: default export: must be a patch object { name, description, overrides }`;
  const p = value as Record<string, unknown>;
  if (typeof p.name !== 'string' || p.name.trim() === '' || /[\x00-\x1f]/.test(p.name)) return `${file}: name: must be a non-empty one-line string`;
  if (typeof p.description !== 'string') return `${file}: description: must be a string`;
  if (typeof p.overrides !== 'object' || p.overrides === null) return `${file}: overrides: must be an object`;
  const keys = Object.keys(p.overrides);
  if (keys.length === 0) return `${file}: overrides: names no behaviour point`;
  for (const key of keys) {
    const schema = POINT_SCHEMAS[key as BehaviourPoint];
    if (schema === undefined || !Object.hasOwn(POINT_SCHEMAS, key)) return `${file}: overrides.${show(key).slice(1, -1)}: unknown behaviour point (known: ${known})`;
    const r = schema.safeParse((p.overrides as Record<string, unknown>)[key]);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const where = ['overrides', key, ...issue.path.map(String)].join('.');
      return `${file}: ${where}: ${issue.message}`;
    }
  }
  return null;
}

const ERRNO_MAX = 4095;
const isZone = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= Zone.NORMAL && (v as number) < ZONE_NAMES.length;

/**
 * badReturn() - what is wrong with the value an override returned, or null
 * @point: the behaviour point, or `zone_policy.zoneForOnline` / `zone_policy.validZones`
 */
export function badReturn(point: string, value: unknown): string | null {
  switch (point) {
    case 'register_mem_sect_under_node':
    case 'do_register_memory_block_under_node':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= ERRNO_MAX ? null : `must return 0 or a positive errno (returned ${show(value)})`;
    case 'zone_policy.zoneForOnline':
      return value === null || isZone(value) ? null : `must return a zone (${ZONE_NAMES.slice(1).map((n, i) => `${n} = ${i + 1}`).join(', ')}) or null (returned ${show(value)})`;
    case 'zone_policy.validZones':
      return Array.isArray(value) && value.every(isZone) && new Set(value).size === value.length ? null : `must return an array of distinct zones (returned ${show(value)})`;
    default:
      return value === undefined ? null : `must return nothing (returned ${show(value)})`;
  }
}
