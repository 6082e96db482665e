/**
 * The fingerprints of the states of one random walk, as JSON on stdout, for the test that
 * fingerprints are the same in another process:
 * `node --import tsx test/support/walk-fingerprints.ts LAYOUT KERNEL SEED`.
 */
import fc from 'fast-check';
import { fingerprint } from '../../explore/fingerprint.ts';
import { walk, walkTrace } from '../../explore/simulate.ts';
import { createModel } from '../../run/model-factory.ts';
import { loadLayout } from '../../model/layout/load.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';

/** walkFingerprints() - the walk drawn from `seed` (40 choices) and each of its states' fingerprint as hex. */
export function walkFingerprints(m: HotplugModel, seed: number): { actions: string[]; fingerprints: string[] } {
  const [choices] = fc.sample(fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), { seed, numRuns: 1 });
  const trace = walkTrace(m, walk(m, [], choices!).actions);
  return {
    actions: trace.slice(1).map((t) => t.action!),
    fingerprints: trace.map((t) => fingerprint(t.state).map((h) => h.toString(16).padStart(8, '0')).join('')),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [layout, kernel, seed] = process.argv.slice(2);
  const l = loadLayout(layout!);
  if (!l.ok) throw new Error(l.error);
  const m = await createModel({ layout: l.layout, kernel: kernel!, patches: [], properties: [] });
  process.stdout.write(`${JSON.stringify(walkFingerprints(m, Number(seed)))}\n`);
}
