/**
 * The errno is the step's result, not kernel state: a write that fails and changes nothing
 * leads back to the same state, and the errno is told beside the state it led to
 * (HotplugModel.transition() and outcome(), and the JSON trace).
 */
import { describe, expect, it } from 'vitest';
import { traceJSON } from '../../explore/trace.ts';
import { booted, ok } from './kernel-harness.ts';

const ONE_DIMM = `
name: one-dimm
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x0fffffff }
dimms:
  - { name: dimm1, node: 0, range: 0x10000000-0x1fffffff }
`;

describe('errno as the outcome of a step', () => {
  it('offlining an offline block: EINVAL, and the same state as before', () => {
    const h = booted(ONE_DIMM, 'v6.1');
    ok(h, 'add_memory(dimm1)');
    const id = h.model.actions.findIndex((a) => a.name === 'offline_pages(memory1)');
    const before = h.s.w;
    const after = h.model.transition(before, id)!;
    expect(after.errno).toBe(22);
    expect(h.model.key(after.w)).toBe(h.model.key(before));
    expect(h.model.outcome(before, id)).toEqual({ errno: 'EINVAL' });
    expect(h.model.toJSON(after.w)).not.toHaveProperty('errno');
  });

  it('a JSON trace gives each step its errno: the failing write, then a success', () => {
    const h = booted(ONE_DIMM, 'v6.1');
    ok(h, 'add_memory(dimm1)');
    const m = h.model;
    const offline = m.actions.findIndex((a) => a.name === 'offline_pages(memory1)');
    const online = m.actions.findIndex((a) => a.name === 'online_pages(memory1, online_movable)');
    const s0 = h.s.w;
    const s1 = m.next(s0, offline)!;
    const s2 = m.next(s1, online)!;
    const steps = traceJSON(m, [
      { actionId: null, action: null, state: s0 },
      { actionId: offline, action: m.actionName(offline), state: s1 },
      { actionId: online, action: m.actionName(online), state: s2 },
    ]);
    expect(steps.map((s) => [s.action, s.errno])).toEqual([
      [null, undefined], ['offline_pages(memory1)', 'EINVAL'], ['online_pages(memory1, online_movable)', ''],
    ]);
  });
});
