/** Runs one manifest case with the fast engine (and, for differential tests, the reference). */
import { search, referenceSearch } from '../../explore/index.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { resolveConfig } from '../../cli/resolve.ts';
import type { ManifestCase, ManifestEntry } from './catalogue.ts';

export async function modelFor(c: ManifestCase): Promise<HotplugModel> {
  const cfg = await resolveConfig({ layout: c.layout, kernel: c.kernel, patch: c.patches, property: c.properties });
  if (!cfg.ok) throw new Error(cfg.error);
  return new HotplugModel(cfg.value);
}

export async function runCase(c: ManifestCase): Promise<ManifestEntry> {
  const m = await modelFor(c);
  const r = search(m, m.properties);
  return {
    ...c,
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
