/**
 * search() against referenceSearch(): the same counts and violation depths on every toy model
 * and on random small graphs.
 *
 * The random test prints its seed and path when it fails; replay with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/explore/differential.test.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceSearch, search, type Model, type Property } from '../../explore/index.ts';
import {
  avoids,
  counterModel,
  crashModel,
  graphModel,
  invariant,
  lineModel,
  type Counters,
  type GraphSpec,
} from './toy-models.ts';
import { expectCounterexample } from './trace-check.ts';

/** Runs both explorers and checks that they agree and that every trace is a counterexample. */
function expectAgreement<S>(model: Model<S>, properties: readonly Property<S>[], maxStates?: number) {
  const options = maxStates === undefined ? {} : { maxStates };
  const fast = search(model, properties, options);
  const naive = referenceSearch(model, properties, options);
  expect({ verdict: fast.verdict, states: fast.states, transitions: fast.transitions, depth: fast.depth })
    .toEqual({ verdict: naive.verdict, states: naive.states, transitions: naive.transitions, depth: naive.depth });
  expect(fast.violations.map((v) => [v.property, v.message, v.trace.length - 1]))
    .toEqual(naive.violations.map((v) => [v.property, v.message, v.depth]));
  for (const violation of fast.violations) {
    const property = properties.find((p) => p.name === violation.property)!;
    expectCounterexample(model, property, violation, violation.trace.length - 1);
  }
  expectStopAtFirstAgrees(model, properties, options, naive.violations.map((v) => v.depth));
}

/** With stopAtFirst, the single violation is one of the shallowest the full search finds. */
function expectStopAtFirstAgrees<S>(
  model: Model<S>,
  properties: readonly Property<S>[],
  options: { maxStates?: number },
  depths: readonly number[],
) {
  const first = search(model, properties, { ...options, stopAtFirst: true });
  expect(first.violations.length).toBe(depths.length === 0 ? 0 : 1);
  if (depths.length > 0) expect(first.violations[0]!.trace.length - 1).toBe(Math.min(...depths));
}

describe('search() agrees with referenceSearch() on the toy models', () => {
  const counterProperties: Property<Counters>[] = [
    invariant('sum-below-6', (s) => s.x + s.y < 6),
    invariant('x-below-2', (s) => s.x < 2),
    invariant('y-below-1', (s) => s.y < 1),
    invariant('always-holds', () => true),
  ];

  it.each([undefined, 0, 1, 5, 19, 20, 21])('3x4 counters, maxStates %s', (maxStates) => {
    const model = counterModel(3, 4);
    expectAgreement(model, [], maxStates);
    expectAgreement(model, counterProperties, maxStates);
    expectAgreement(model, counterProperties.slice(0, 3), maxStates);
    expectAgreement(model, [counterProperties[0]!], maxStates);
  });

  it('line, crash and diamond models', () => {
    expectAgreement(lineModel(10), [invariant('below-7', (n) => n < 7)]);
    expectAgreement(lineModel(9, [5, 0, 5]), [invariant('not-7', (n) => n !== 7)]);
    expectAgreement(crashModel(5), [invariant('no-crash', (n) => n >= 0), invariant('ok', () => true)]);
    const diamond = graphModel({ edges: [[1, 2], [3, 6], [6, 5], [4], [5], [], []], initial: [0] });
    expectAgreement(diamond, [avoids('avoid-5', [5]), avoids('avoid-6', [6])]);
  });
});

/** Random graphs of up to 24 nodes, up to 4 actions per node, up to 3 properties. */
const randomGraph = fc.integer({ min: 1, max: 24 }).chain((n) => {
  const node = fc.integer({ min: 0, max: n - 1 });
  return fc.record({
    edges: fc.array(fc.array(fc.option(node, { nil: null }), { maxLength: 4 }), { minLength: n, maxLength: n }),
    initial: fc.array(node, { maxLength: 4 }),
    terminal: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    bad: fc.array(fc.uniqueArray(node, { maxLength: 3 }), { maxLength: 3 }),
    maxStates: fc.option(fc.integer({ min: 0, max: n + 1 }), { nil: undefined }),
  });
});

/** fast-check parameters, replaying a failure when FC_SEED (and FC_PATH) are set. */
function replayParameters(): fc.Parameters<unknown> {
  const seed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  return {
    numRuns: 1000,
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    ...(path === undefined ? {} : { path }),
  };
}

describe('search() agrees with referenceSearch() on random graphs', () => {
  it('same verdict, counts and violation depths; every trace a shortest counterexample', () => {
    const property = fc.property(randomGraph, (g) => {
      const spec: GraphSpec = { edges: g.edges, initial: g.initial, terminal: g.terminal };
      const properties = g.bad.map((bad, i) => avoids(`avoid-${i}`, bad));
      expectAgreement(graphModel(spec), properties, g.maxStates);
    });
    fc.assert(property, replayParameters());
  });
});
