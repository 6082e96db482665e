/**
 * A user patch as the model calls it in the sandbox: every override wrapped so that the time
 * limit watches it, an exception it throws becomes a fault naming the patch and the point,
 * and what it returns is checked against the point's type on every call (a wrong value
 * would make the search silently explore another kernel). `zone_policy`'s methods alike.
 */
import { BEHAVIOUR_POINTS, type Patch } from '../../model/kernels/behaviour.ts';
import type { ZonePolicy } from '../../model/kernel.ts';
import { badReturn, show } from '../patch-schema.ts';
import { reportFault, watched } from './watch.ts';

/** Codes of what is watched: patch index × 64 + one of these. */
export const WATCH_IMPORT = 63;
const ZONE_FOR_ONLINE = 60;
const VALID_ZONES = 61;

/** The name of a watch code's point, for the watchdog's line. */
export function watchedName(what: number): string {
  const point = what % 64;
  if (point === WATCH_IMPORT) return 'the import of the module';
  if (point === ZONE_FOR_ONLINE) return 'overrides.zone_policy.zoneForOnline';
  if (point === VALID_ZONES) return 'overrides.zone_policy.validZones';
  return `overrides.${BEHAVIOUR_POINTS[point]?.name ?? '?'}`;
}

/** An error raised by patch code, already reported to the verdict process. */
export class PatchFault extends Error {
  override readonly name = 'PatchFault';
}

function thrown(e: unknown): string {
  if (e instanceof PatchFault) return e.message;
  const err = e as { name?: unknown; message?: unknown; code?: unknown; resource?: unknown };
  if (err && err.code === 'ERR_ACCESS_DENIED') return `was denied by the sandbox${typeof err.resource === 'string' && err.resource ? ` (${show(err.resource)})` : ''}: a patch may not read other files, write files or start processes`;
  const text = err && typeof err.message === 'string' ? `${String(err.name ?? 'Error')}: ${err.message}` : show(e);
  return `threw ${text.split('\n')[0]!.slice(0, 300)}`;
}

/** What a patch may not change about the process: its exit code and its exit handlers. */
export function processMark(): string {
  return `${String(process.exitCode)}/${process.listenerCount('exit')}/${process.listenerCount('beforeExit')}`;
}

/** The fault line when patch code changed processMark(), or null. */
export function tampered(file: string, what: string, before: string): string | null {
  if (processMark() === before) return null;
  return `${file}: ${what} changed process.exitCode or the process's exit handlers: a patch may change only the kernel state it is given`;
}

function wrap(file: string, code: number, point: string, f: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  return function guarded(this: unknown, ...args: unknown[]): unknown {
    let value: unknown;
    const mark = processMark();
    try {
      value = watched(code, () => f.apply(this, args));
    } catch (e) {
      if (e instanceof PatchFault) throw e;
      const line = `${file}: ${point} ${thrown(e)}`;
      reportFault(line);
      throw new PatchFault(line);
    }
    const bad = tampered(file, point, mark) ?? badReturn(point.replace(/^overrides\./, ''), value);
    if (bad) {
      const line = bad.startsWith(file) ? bad : `${file}: ${point}: ${bad}`;
      reportFault(line);
      throw new PatchFault(line);
    }
    return value;
  };
}

function guardZonePolicy(file: string, index: number, z: ZonePolicy): ZonePolicy {
  return {
    name: z.name,
    zoneAtAdd: z.zoneAtAdd,
    zoneForOnline: wrap(file, index * 64 + ZONE_FOR_ONLINE, 'overrides.zone_policy.zoneForOnline', z.zoneForOnline.bind(z) as never) as ZonePolicy['zoneForOnline'],
    validZones: wrap(file, index * 64 + VALID_ZONES, 'overrides.zone_policy.validZones', z.validZones.bind(z) as never) as ZonePolicy['validZones'],
  };
}

/** guardPatch() - the patch loaded from `file` (the `index`-th user patch), every override watched. */
export function guardPatch(file: string, index: number, patch: Patch): Patch {
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch.overrides)) {
    const point = BEHAVIOUR_POINTS.findIndex((p) => p.name === key);
    if (key === 'zone_policy') overrides[key] = guardZonePolicy(file, index, value as ZonePolicy);
    else if (typeof value === 'function') overrides[key] = wrap(file, index * 64 + point, `overrides.${key}`, value as never);
    else overrides[key] = value;
  }
  return { name: patch.name, description: patch.description, overrides, ...(patch.source ? { source: patch.source } : {}) };
}
