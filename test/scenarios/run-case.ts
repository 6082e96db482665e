/** Runs one manifest case with the fast engine (and, for differential tests, the reference). */
import { search, referenceSearch } from '../../explore/index.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';
import type { LockModel } from '../../model/locking/lock-model.ts';
import { modelForRun } from '../../run/scenario-model.ts';
import type { ManifestCase, ManifestEntry } from './catalogue.ts';

/** The hotplug model of a layout, or the lock model of a lock scenario (seed 003). */
export async function modelFor(c: ManifestCase): Promise<HotplugModel | LockModel> {
  const m = await modelForRun({ layout: c.layout, kernel: c.kernel, patch: c.patches, property: c.properties });
  if (!m.ok) throw new Error(m.error);
  return m.value;
}

export async function runCase(c: ManifestCase): Promise<ManifestEntry> {
  const m = await modelFor(c);
  const r = search(m, m.properties);
  return {
    layout: c.layout,
    kernel: c.kernel,
    patches: c.patches,
    properties: c.properties,
    verdict: r.verdict,
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    violations: Object.fromEntries(r.violations.map((v) => [v.property, v.trace.length - 1])),
  };
}

export async function runReference(c: ManifestCase) {
  const m = await modelFor(c);
  return referenceSearch(m, m.properties);
}
