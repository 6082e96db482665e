/**
 * `hpcheck check --layout dax-kmem-unbind ...`: the lock model (seed 003) through the check
 * command. The scenario, kernel, patches and properties are resolved against the lock model's
 * own tables; a hotplug-model name (or the reverse) is an input error naming the field.
 */
import pc from 'picocolors';
import type { SearchResult } from '../explore/model.ts';
import { LockModel, type LockConfig } from '../model/locking/lock-model.ts';
import { LOCK_PATCHES, LOCK_PROFILES, findLockPatch, findLockProfile, type LockPatch } from '../model/locking/profiles.ts';
import { LOCK_SCENARIOS, findLockScenario } from '../model/locking/scenarios.ts';
import { findPatch } from '../model/kernels/patches.ts';
import { findProperty } from '../properties/index.ts';
import { LOCK_PROPERTIES, findLockProperty } from '../properties/locking.ts';
import { VERSION, runJson, searchVectorModel, explorationLine, storageLine, verdictLine, type RunOptions } from './check.ts';
import { itfTrace } from './itf.ts';
import { LOCK_MODEL_FACTORY_URL, lockSpecOf } from './lock-model-factory.ts';
import { tellLockViolation } from './lock-report.ts';
import type { CheckOptions } from './resolve.ts';
import { writeViolations } from './trace-files.ts';
import type { Loaded } from './user-patch.ts';

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const list = (xs: readonly { name: string }[]): string => xs.map((x) => x.name).join(', ');

export const isLockScenario = (layout: string | undefined): boolean => layout !== undefined && findLockScenario(layout) !== undefined;

/** Why a lock-model name was given to a hotplug layout, or null when `name` is not one. */
export function lockNameOnHotplugLayout(field: '--property' | '--patch', name: string, layout: string | undefined): string | null {
  const lock = field === '--property' ? findLockProperty(name) : findLockPatch(name);
  if (lock === undefined) return null;
  const where = layout === undefined ? 'this command runs the hotplug model' : `--layout ${layout} is a hotplug layout`;
  return `${field} ${name}: belongs to the lock model (its scenarios: ${list(LOCK_SCENARIOS)}); ${where}`;
}

function resolvePatch(name: string, scenario: string): Loaded<LockPatch> {
  const p = findLockPatch(name);
  if (p) return { ok: true, value: p };
  const why = findPatch(name) ? 'a patch of the hotplug model' : name.endsWith('.ts') ? 'user patches replace hotplug behaviour points' : 'unknown patch';
  return fail(`--patch ${name}: ${why}; the lock model (--layout ${scenario}) takes: ${list(LOCK_PATCHES)}`);
}

/** resolveLockConfig() - the lock run the command line names, or one line saying what is wrong. */
export function resolveLockConfig(o: CheckOptions): Loaded<LockConfig> {
  const scenario = findLockScenario(o.layout ?? '');
  if (!scenario) throw new Error(`hpcheck bug: ${o.layout} is not a lock scenario`);
  if (!o.kernel) return fail(`--kernel: required (one of ${list(LOCK_PROFILES)})`);
  const profile = findLockProfile(o.kernel);
  if (!profile) return fail(`--kernel ${o.kernel}: the lock model has no profile for it (dax kmem hot-remove needs the seed's v5.1 series or later; one of ${list(LOCK_PROFILES)})`);
  const patches: LockPatch[] = [];
  for (const name of o.patch ?? []) {
    const p = resolvePatch(name, scenario.name);
    if (!p.ok) return p;
    patches.push(p.value);
  }
  const properties = [];
  for (const name of o.property ?? []) {
    const p = findLockProperty(name);
    if (!p) {
      const why = findProperty(name) ? `a property of the hotplug model; --layout ${scenario.name} is a lock scenario` : 'unknown property';
      return fail(`--property ${name}: ${why} (its properties: ${list(LOCK_PROPERTIES)})`);
    }
    properties.push(p);
  }
  return { ok: true, value: { scenario, profile, patches, properties: properties.length ? properties : LOCK_PROPERTIES } };
}

export async function runLockCheck(config: LockConfig, o: RunOptions): Promise<{ model: LockModel; result: SearchResult<Uint16Array> }> {
  const model = new LockModel(config);
  return { model, result: await searchVectorModel(model, o, { module: LOCK_MODEL_FACTORY_URL, spec: lockSpecOf(config) }) };
}

export function lockResultJson(model: LockModel, r: SearchResult<Uint16Array>): Record<string, unknown> {
  const c = model.config;
  const names = { layout: c.scenario.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name), properties: c.properties.map((p) => p.name) };
  return { ...runJson(names, model, r), model: 'lock' };
}

export function lockHumanReport(model: LockModel, r: SearchResult<Uint16Array>, color: boolean): string {
  const c = pc.createColors(color);
  const cfg = model.config;
  const patches = cfg.patches.length ? cfg.patches.map((p) => p.name).join(', ') : 'none';
  const lines = [
    `hpcheck ${VERSION}: lock scenario ${cfg.scenario.name} (seed ${cfg.scenario.seed}), kernel ${cfg.profile.name}, patches: ${patches}`,
    `  ${cfg.scenario.description}`,
    ...model.programs.map((p, t) => `  T${t} ${p.task}: ${p.command}`),
    `  properties: ${cfg.properties.map((p) => p.name).join(', ')}`,
    `  ${r.states} states, ${r.transitions} transitions, depth ${r.depth}, ${r.seconds.toFixed(2)} s`,
    `  ${storageLine(r)}`,
    `  ${explorationLine(r)}`,
  ];
  for (const v of r.violations) lines.push('', ...tellLockViolation(model, v).map((l, i) => (i === 0 ? c.bold(l) : l)));
  lines.push('', verdictLine(r, cfg.properties.length, 'interleaving', c));
  return lines.join('\n');
}

/** Writes each counterexample as an ITF trace (`#meta.model` is "lock"); returns one line per file. */
export function writeLockTraces(model: LockModel, r: SearchResult<Uint16Array>, file: string): string[] {
  const c = model.config;
  return writeViolations(r, file, (v) => itfTrace(model, v.trace,
    `${v.property} fails after ${v.trace.length - 1} steps in lock scenario ${c.scenario.name}, kernel ${c.profile.name}: ${v.message}`, {
      model: 'lock', layout: { name: c.scenario.name }, kernel: c.profile.name, patches: c.patches.map((p) => p.name),
      property: v.property, message: v.message, seed: null, origin: 'check',
    }));
}
