/**
 * The fast engine's storage: the fingerprint set, the write journal, the packed layout and
 * the state queue, each against a plain model of itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintSet, collisionProbability, fingerprint } from '../../explore/fingerprint.ts';
import { Journal } from '../../explore/journal.ts';
import { PackedLayout, StateQueue } from '../../explore/packed.ts';

describe('FingerprintSet', () => {
  it('says "new" exactly when a Set of the same pairs grows, through several doublings', () => {
    // Pairs from a seeded generator: 20,000 draws from 1,200 distinct small values spread
    // over both halves, so that there are repeats, long probe runs and the pair (0, 0),
    // which the set stores as (0, 1).
    fc.assert(fc.property(fc.integer(), (seed) => {
      const set = new FingerprintSet();
      const plain = new Set<string>();
      let x = seed >>> 0;
      for (let n = 0; n < 20_000; n++) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        const a = (x >>> 8) % 300;
        const b = x % 4;
        const hi = Math.imul(a, 0x9e3779b1) >>> 0;
        const lo = hi === 0 && b === 0 ? 1 : b;
        const isNew = !plain.has(`${hi},${lo}`);
        plain.add(`${hi},${lo}`);
        expect(set.add(hi, b)).toBe(isNew);
      }
      expect(set.size).toBe(plain.size);
    }), { numRuns: 20 });
  });

  it('in exact mode keeps two different states that share a fingerprint, and counts the collision', () => {
    const set = new FingerprintSet(true);
    const states = ['a', 'b', 'a'];
    const store = (candidate: string) => ({ equals: (index: number) => states[index] === candidate });
    expect(set.add(7, 9, 0, store('a'))).toBe(true);
    expect(set.add(7, 9, 1, store('b'))).toBe(true);
    expect(set.collisions).toBe(1);
    expect(set.add(7, 9, 2, store('a'))).toBe(false);
    expect(set.add(7, 9, 2, store('b'))).toBe(false);
    expect(set.size).toBe(2);
  });

  it('reports TLC\'s optimistic collision estimate n(m - n) / 2^64', () => {
    expect(collisionProbability(10, 10)).toBe(0);
    expect(collisionProbability(2 ** 20, 2 ** 20 + 2 ** 24)).toBe(2 ** -20);
    expect(collisionProbability(2 ** 40, 2 ** 41)).toBe(1);
  });
});

describe('Journal', () => {
  const vector = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 40 });

  it('the fingerprint after a step is the one before XOR the delta, and undo() restores the state', () => {
    fc.assert(fc.property(vector, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xffff })), { maxLength: 60 }), (init, writes) => {
      const w = Uint16Array.from(init);
      const before = w.slice();
      const [hi0, lo0] = fingerprint(w);
      const j = new Journal();
      for (const [i, v] of writes) j.write(w, i % w.length, v);
      const [hi1, lo1] = fingerprint(w);
      expect([(hi0 ^ j.deltaHi) >>> 0, (lo0 ^ j.deltaLo) >>> 0]).toEqual([hi1, lo1]);
      j.undo(w);
      expect(Array.from(w)).toEqual(Array.from(before));
      expect([j.length, j.deltaHi, j.deltaLo]).toEqual([0, 0, 0]);
    }));
  });

  it('refuses a value that does not fit a 16-bit word', () => {
    expect(() => new Journal().write(new Uint16Array(2), 1, 0x10000)).toThrow(/does not fit state word 1/);
  });

  it('fingerprints tell apart vectors that differ in one word', () => {
    fc.assert(fc.property(vector, fc.nat(), fc.integer({ min: 1, max: 0xffff }), (init, at, change) => {
      const a = Uint16Array.from(init);
      const b = a.slice();
      const i = at % a.length;
      b[i] = (a[i]! + change) & 0xffff;
      expect(fingerprint(a)).not.toEqual(fingerprint(b));
    }));
  });
});

describe('PackedLayout and StateQueue', () => {
  const layoutAndStates = fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 30 }).chain((bits) =>
    fc.tuple(fc.constant(bits), fc.array(fc.tuple(...bits.map((b) => fc.integer({ min: 0, max: 2 ** b - 1 }))), { minLength: 4_100, maxLength: 4_500 })));

  it('packs into ceil-ish cells, and the queue gives states back first in, first out, with their fingerprints', () => {
    fc.assert(fc.property(layoutAndStates, ([bits, states]) => {
      const layout = new PackedLayout(bits);
      expect(layout.cells).toBeGreaterThanOrEqual(Math.ceil(bits.reduce((a, b) => a + b, 0) / 32));
      expect(layout.cells).toBeLessThanOrEqual(bits.length);
      const q = new StateQueue(layout);
      states.forEach((s, n) => q.push(Uint16Array.from(s), n, ~n >>> 0));
      const w = new Uint16Array(bits.length);
      states.forEach((s, n) => {
        q.shift(w);
        expect(Array.from(w)).toEqual(s);
        expect([q.hi, q.lo]).toEqual([n, ~n >>> 0]);
      });
      expect(q.size).toBe(0);
    }), { numRuns: 10, endOnFailure: true });
  });

  it('refuses a word wider than its declared bits', () => {
    const layout = new PackedLayout([3, 5]);
    expect(() => layout.pack(Uint16Array.of(7, 32), new Uint32Array(1), 0)).toThrow(/word 1 holds 32, wider than its 5 bits/);
  });
});
