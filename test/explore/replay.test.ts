/**
 * Replay by action path (explore/replay.ts), on a toy model whose two actions share a name,
 * as the lock model's program steps do when one call appears at two places.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../explore/index.ts';
import { actionIds, replayPath, type ReplayExplainer } from '../../explore/replay.ts';
import { invariant } from './toy-models.ts';

/** A counter 0..4: `inc` is two actions (id 0 below 2, id 1 from 2 on), `reset` from 1 on; `below-3` fails at 3. */
function twoPlaceModel(): Model<number> {
  const names = ['inc', 'inc', 'reset'];
  return {
    initialStates: () => [0],
    actionCount: names.length,
    actionName: (id) => names[id]!,
    next(n, id) {
      if (id === 0) return n < 2 ? n + 1 : null;
      if (id === 1) return n >= 2 && n < 4 ? n + 1 : null;
      return n >= 1 ? 0 : null;
    },
    isTerminal: () => false,
    key: (n) => String(n),
    toJSON: (n) => n,
    properties: [invariant<number>('below-3', (n) => n < 3)],
  };
}

const explain: ReplayExplainer<number> = { noSuchAction: 'no such action here', whyNotEnabled: (n, id) => `action ${id} is off at ${n}` };

describe('replayPath', () => {
  it('a name standing for two action ids takes the enabled one, and the trace records which', () => {
    const m = twoPlaceModel();
    expect(actionIds(m).get('inc')).toEqual([0, 1]);
    const r = replayPath(m, 'below-3', ['inc', 'inc', 'inc'], explain);
    expect(r.kind).toBe('violated');
    if (r.kind !== 'violated') return;
    expect(r.step).toBe(3);
    expect(r.message).toBe('below-3 violated');
    expect(r.trace.map((t) => t.actionId)).toEqual([null, 0, 0, 1]);
    expect(r.trace.map((t) => t.state)).toEqual([0, 1, 2, 3]);
  });

  it('the property fails earlier than the path ends: the trace stops at the first failing step', () => {
    const r = replayPath(twoPlaceModel(), 'below-3', ['inc', 'inc', 'inc', 'reset'], explain);
    expect(r).toMatchObject({ kind: 'violated', step: 3 });
  });

  it('a path that never breaks the property holds', () => {
    const r = replayPath(twoPlaceModel(), 'below-3', ['inc', 'reset', 'inc'], explain);
    expect(r.kind).toBe('holds');
    expect(r.trace).toHaveLength(4);
  });

  it('a disabled step blocks with the model\'s reason for the first id of its name; an unknown name with noSuchAction', () => {
    expect(replayPath(twoPlaceModel(), 'below-3', ['reset'], explain)).toMatchObject({ kind: 'blocked', step: 1, action: 'reset', reason: 'not enabled: action 2 is off at 0' });
    expect(replayPath(twoPlaceModel(), 'below-3', ['inc', 'dec'], explain)).toMatchObject({ kind: 'blocked', step: 2, action: 'dec', reason: 'no such action here' });
  });

  it('a property the model does not check is a bug in hpcheck', () => {
    expect(() => replayPath(twoPlaceModel(), 'nope', [], explain)).toThrow(/hpcheck bug/);
  });
});
