/**
 * One shortest trace per (property, site): a property that names a site is recorded again
 * for every site not seen before; a property without one is recorded once. The fast engine
 * (a vector model), the plain BFS and the reference explorer agree.
 */
import { describe, expect, it } from 'vitest';
import { referenceSearch, search, type Property } from '../../explore/index.ts';
import { counterModel, type Counters } from './toy-models.ts';
import { cubeModel } from './vector-models.ts';

/** x + y >= 3 is bad; the site is which counter is the larger (or "even"). */
const sited: Property<Counters> = {
  name: 'small-sum',
  statement: 'x + y < 3',
  check: ({ x, y }) => (x + y >= 3 ? `sum ${x + y}` : null),
  site: ({ x, y }) => (x > y ? 'x' : x < y ? 'y' : 'even'),
};

describe('violations per (property, site)', () => {
  it('bfs: one trace per site, shortest first, in the order found', () => {
    const r = search(counterModel(3, 3), [sited]);
    expect(r.violations.map((v) => [v.site, v.trace.length - 1])).toEqual([['x', 3], ['y', 3], ['even', 4]]);
  });

  it('a site-less twin of the property is recorded once, and stop-at-first still stops at the first', () => {
    const plain: Property<Counters> = { name: 'plain', statement: 's', check: sited.check };
    expect(search(counterModel(3, 3), [plain]).violations).toHaveLength(1);
    expect(search(counterModel(3, 3), [sited], { stopAtFirst: true }).violations.map((v) => v.site)).toEqual(['x']);
  });

  it('the reference explorer finds the same sites at the same depths', () => {
    const ref = referenceSearch(counterModel(3, 3), [sited]);
    expect(ref.violations.map((v) => [v.site, v.depth])).toEqual([['x', 3], ['y', 3], ['even', 4]]);
  });

  it('fast engine on a vector model: a site per coordinate that reached the top', () => {
    const top: Property<Uint16Array> = {
      name: 'below-top',
      statement: 'no coordinate is 3',
      check: (w) => (w.includes(3) ? 'top' : null),
      site: (w) => ['x', 'y', 'z'][w.indexOf(3)]!,
    };
    const r = search(cubeModel(4), [top]);
    expect(r.storage.mode).toBe('fingerprint');
    expect(r.violations.map((v) => [v.site, v.trace.length - 1])).toEqual([['x', 3], ['y', 3], ['z', 3]]);
  });
});
