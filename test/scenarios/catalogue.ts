/**
 * Every check the manifest pins: each built-in layout under each kernel profile (all
 * properties), each lock scenario under each lock profile (and with blocking-sysfs-lock on
 * v5.1 and v5.9), plus each seed scenario run with its patches and properties.
 */
import { builtinLayoutNames } from '../../model/layout/load.ts';
import { PROFILES } from '../../model/kernels/profiles.ts';
import { SEED_SCENARIOS } from '../../run/scenarios.ts';
import { LOCK_PROFILES } from '../../model/locking/profiles.ts';
import { LOCK_SCENARIOS } from '../../model/locking/scenarios.ts';

export interface ManifestCase {
  readonly layout: string;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

export interface ManifestEntry extends ManifestCase {
  readonly verdict: string;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** Violated property -> steps of its shortest trace after power-on. */
  readonly violations: Record<string, number>;
  /**
   * One line: which bug or fix this case pins, or "no bug expected". Written by hand in
   * manifest.json; `npm run manifest` keeps it (docs/testing.md#the-manifest).
   */
  readonly reason?: string;
}

/**
 * In the default run, the manifest is re-checked up to MANIFEST_LIMIT states (the fast
 * engine does those in seconds) and compared with the naive reference explorer, which is
 * some 20 times slower, up to FAST_LIMIT. `npm run test:slow` runs every case for both.
 */
export const FAST_LIMIT = 50_000;
export const MANIFEST_LIMIT = 300_000;
export const SLOW = process.env.HPCHECK_SLOW === '1';

export const caseId = (c: ManifestCase): string =>
  [c.layout, c.kernel, ...c.patches.map((p) => `+${p}`), ...(c.properties.length ? [`[${c.properties.join(',')}]`] : [])].join(' ');

export function allCases(): ManifestCase[] {
  const cases: ManifestCase[] = [];
  for (const layout of builtinLayoutNames()) {
    for (const p of PROFILES) cases.push({ layout, kernel: p.name, patches: [], properties: [] });
  }
  for (const scenario of LOCK_SCENARIOS) {
    for (const p of LOCK_PROFILES) cases.push({ layout: scenario.name, kernel: p.name, patches: [], properties: [] });
    for (const kernel of ['v5.1', 'v5.9']) cases.push({ layout: scenario.name, kernel, patches: ['blocking-sysfs-lock'], properties: [] });
  }
  for (const s of SEED_SCENARIOS) {
    for (const run of [s.buggy, ...s.fixed]) {
      const c = { layout: run.layout ?? s.name, kernel: run.kernel, patches: run.patches, properties: run.properties };
      if (!cases.some((x) => caseId(x) === caseId(c))) cases.push(c);
    }
  }
  return cases;
}
