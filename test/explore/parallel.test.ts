/**
 * parallelSearch() gives what the one-thread engine gives, for any worker count: the same
 * verdict, the same state, transition and depth counts, and the very same traces, also
 * when a limit or the first violation stops the search in the middle of a level.
 */
import { describe, expect, it } from 'vitest';
import { parallelSearch, search, type SearchResult } from '../../explore/index.ts';
import { MODEL_FACTORY_URL, createModel, specOf } from '../../run/model-factory.ts';
import { resolveConfig } from '../../run/resolve.ts';

const summary = (r: SearchResult<Uint16Array>) => ({
  verdict: r.verdict, states: r.states, transitions: r.transitions, depth: r.depth, bounded: r.bounded,
  violations: r.violations.map((v) => [v.property, v.message, v.trace.map((t) => t.actionId)]),
});

const cases = [
  { layout: 'memoryless-node-two-dimms', kernel: 'v5.4', options: {} },
  { layout: 'ppc-interleaved', kernel: 'v5.8', options: { stopAtFirst: true } },
  { layout: 'udev-online-movable', kernel: 'v4.13', options: {} },
  { layout: 'memoryless-node-two-dimms', kernel: 'v5.4', options: { maxStates: 20_000 } },
  { layout: 'pmem-early-section', kernel: 'v5.8', options: {} },
];

describe('parallelSearch()', () => {
  it.each(cases)('$layout on $kernel $options: the same result with 1, 2 and 3 workers', async ({ layout, kernel, options }) => {
    const cfg = await resolveConfig({ layout, kernel });
    if (!cfg.ok) throw new Error(cfg.error);
    const model = await createModel(specOf(cfg.value));
    const one = search(model, model.properties, options);
    for (const workers of [2, 3]) {
      const many = await parallelSearch(model, model.properties, {
        ...options, workers, worker: { module: MODEL_FACTORY_URL, spec: specOf(cfg.value) },
      });
      expect(summary(many)).toEqual(summary(one));
      expect(many.violations.map((v) => v.trace.map((t) => Array.from(t.state))))
        .toEqual(one.violations.map((v) => v.trace.map((t) => Array.from(t.state))));
    }
  });
});
