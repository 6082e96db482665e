/**
 * The visited set's own speed limit for a given search shape.
 *
 * A breadth-first search looks up every successor that differs from its parent. Most of
 * those lookups find a state already seen; only one per distinct state inserts. On a table
 * of millions of fingerprints each lookup lands on a random cache line, so what bounds the
 * states per second is the number of lookups per state, not the insert rate.
 *
 * tableCeiling() replays that shape on the engine's own FingerprintSet with a model that
 * costs nothing: `states` inserts, and after each insert enough lookups of fingerprints
 * already stored to reach `lookups` in all. The rate it measures is an upper bound on any
 * engine that keeps this visited set, whatever the model's actions cost.
 */
import { FingerprintSet, fmix32 } from '../explore/fingerprint.ts';

export interface Ceiling {
  readonly states: number;
  readonly lookups: number;
  readonly seconds: number;
  /** Distinct states per second the table alone allows at this lookup count. */
  readonly statesPerSecond: number;
}

/**
 * tableCeiling() - distinct states per second of a search that does nothing but the table work
 * @states: distinct states to insert
 * @lookups: lookups in all (at least `states`); the surplus look up stored fingerprints
 *
 * Return: the rate, and the work done to measure it.
 */
export function tableCeiling(states: number, lookups: number): Ceiling {
  const set = new FingerprintSet();
  const perState = Math.max(lookups - states, 0) / states;
  let owed = 0;
  let r = 0x9e3779b9;
  let found = 0;
  const started = performance.now();
  for (let i = 0; i < states; i++) {
    set.add(fmix32(2 * i + 1), fmix32(7 * i + 3));
    for (owed += perState; owed >= 1; owed--) {
      r = fmix32(r + i);
      const j = r % (i + 1);
      if (!set.add(fmix32(2 * j + 1), fmix32(7 * j + 3))) found++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (set.size !== states) throw new Error(`hpcheck bug: the ceiling run stored ${set.size} fingerprints, not ${states}`);
  return { states, lookups: states + found, seconds, statesPerSecond: Math.round(states / Math.max(seconds, 1e-9)) };
}
