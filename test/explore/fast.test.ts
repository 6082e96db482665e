/**
 * The fast engine (explore/fast.ts) against the key-set engine and the naive reference
 * explorer: on random graphs in vector form, with and without `exact`, they must find the
 * same states in the same order, the same counts and the same shortest traces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastSearch, keySearch, referenceSearch } from '../../explore/index.ts';
import { avoids, graphModel, type GraphSpec } from './toy-models.ts';
import { cubeModel, decodeNode, vectorAvoids, vectorGraphModel } from './vector-models.ts';

const randomGraph = fc.integer({ min: 1, max: 40 }).chain((n) => {
  const node = fc.integer({ min: 0, max: n - 1 });
  return fc.record({
    edges: fc.array(fc.array(fc.option(node, { nil: null }), { maxLength: 5 }), { minLength: n, maxLength: n }),
    initial: fc.array(node, { maxLength: 4 }),
    terminal: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    bad: fc.array(fc.uniqueArray(node, { maxLength: 3 }), { maxLength: 3 }),
    maxStates: fc.option(fc.integer({ min: 0, max: n + 1 }), { nil: undefined }),
    stopAtFirst: fc.boolean(),
  });
});

describe('fastSearch() on random graphs', () => {
  it('agrees with keySearch() and referenceSearch(): counts, verdicts and the very same traces', () => {
    fc.assert(fc.property(randomGraph, (g) => {
      const spec: GraphSpec = { edges: g.edges, initial: g.initial, terminal: g.terminal };
      const options = { ...(g.maxStates === undefined ? {} : { maxStates: g.maxStates }), stopAtFirst: g.stopAtFirst };
      const keyed = keySearch(graphModel(spec), g.bad.map((b, i) => avoids(`avoid-${i}`, b)), options);
      const vm = vectorGraphModel(spec);
      const vprops = g.bad.map((b, i) => vectorAvoids(`avoid-${i}`, b));
      const naive = referenceSearch(vm, vprops, { ...(g.maxStates === undefined ? {} : { maxStates: g.maxStates }) });
      for (const exact of [false, true]) {
        const fast = fastSearch(vm, vprops, { ...options, exact });
        expect({ v: fast.verdict, s: fast.states, t: fast.transitions, d: fast.depth, b: fast.bounded })
          .toEqual({ v: keyed.verdict, s: keyed.states, t: keyed.transitions, d: keyed.depth, b: keyed.bounded });
        expect(fast.violations.map((v) => [v.property, v.message, v.trace.map((t) => [t.actionId, decodeNode(t.state)])]))
          .toEqual(keyed.violations.map((v) => [v.property, v.message, v.trace.map((t) => [t.actionId, t.state])]));
        expect(fast.storage.mode).toBe(exact ? 'exact' : 'fingerprint');
        if (exact) expect(fast.storage.collisions).toBe(0);
      }
      if (!g.stopAtFirst) {
        const fast = fastSearch(vm, vprops, options);
        expect({ v: naive.verdict, s: naive.states, t: naive.transitions, d: naive.depth })
          .toEqual({ v: fast.verdict, s: fast.states, t: fast.transitions, d: fast.depth });
      }
    }), { numRuns: 500 });
  });
});

describe('fastSearch() past the first chunks of every structure', () => {
  it('finds all 64^3 states of the cube, in fingerprint and exact mode alike', () => {
    for (const exact of [false, true]) {
      const r = fastSearch(cubeModel(64), [], { exact });
      expect([r.verdict, r.states, r.transitions, r.depth]).toEqual(['verified', 64 ** 3, 3 * 64 ** 3, 3 * 63]);
      if (exact) expect(r.storage.collisions).toBe(0);
      else expect(r.storage.collisionProbability).toBeLessThan(1e-6);
    }
  });

  it('counts a lookup for each successor that differs from its parent, none for a self-loop', () => {
    expect(fastSearch(cubeModel(64), []).storage.lookups).toBe(3 * 64 ** 3);
    const single = fastSearch(cubeModel(1), []);
    expect([single.states, single.transitions, single.storage.lookups]).toEqual([1, 3, 0]);
  });

  it('stops at maxStates with the verdict bounded, never verified', () => {
    const r = fastSearch(cubeModel(64), [], { maxStates: 100_000 });
    expect([r.verdict, r.states, r.bounded]).toEqual(['bounded', 100_000, true]);
  });

  it('counts the memory it holds: a fingerprint table, the trace columns and the largest frontier', () => {
    const r = fastSearch(cubeModel(64), []);
    const bytes = r.storage.bytes!;
    // 2^18 states need a table of 2^19 slots of 8 bytes (grown at 3/4 full).
    expect(bytes.visited).toBe(2 ** 19 * 8);
    // Parent numbers (4 bytes) and action ids (1 byte), in chunks of 65536.
    expect(bytes.trace).toBe(4 * 65536 * 5);
    expect(bytes.queue).toBeGreaterThan(0);
    expect(r.storage.stateBits).toBe(18);
  });
});
