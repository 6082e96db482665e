/** The xstate lifecycle charts and the tables compiled from them. */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import {
  MEMORY_BLOCK_TABLE, NODE_TABLE, SYSTEM_STATE_TABLE, assertLifecycle, memoryBlockChart,
} from '../../model/lifecycle.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { loadLayout } from '../../model/layout/load.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { BlockState } from '../../model/state.ts';

const allowed = (t: typeof MEMORY_BLOCK_TABLE, from: string, to: string) =>
  t.allowed[t.states.indexOf(from)]![t.states.indexOf(to)];

describe('lifecycle charts', () => {
  it('system_state only moves forward: BOOTING -> SCHEDULING -> RUNNING', () => {
    expect(SYSTEM_STATE_TABLE.states).toEqual(['SYSTEM_BOOTING', 'SYSTEM_SCHEDULING', 'SYSTEM_RUNNING']);
    expect(allowed(SYSTEM_STATE_TABLE, 'SYSTEM_BOOTING', 'SYSTEM_SCHEDULING')).toBe(true);
    expect(allowed(SYSTEM_STATE_TABLE, 'SYSTEM_BOOTING', 'SYSTEM_RUNNING')).toBe(false);
    expect(allowed(SYSTEM_STATE_TABLE, 'SYSTEM_RUNNING', 'SYSTEM_SCHEDULING')).toBe(false);
  });

  it('a memory block is removed only from MEM_OFFLINE; its states line up with BlockState', () => {
    expect(MEMORY_BLOCK_TABLE.states.indexOf('absent')).toBe(BlockState.ABSENT);
    expect(MEMORY_BLOCK_TABLE.states.indexOf('MEM_OFFLINE')).toBe(BlockState.MEM_OFFLINE);
    expect(MEMORY_BLOCK_TABLE.states.indexOf('MEM_ONLINE')).toBe(BlockState.MEM_ONLINE);
    expect(allowed(MEMORY_BLOCK_TABLE, 'MEM_ONLINE', 'absent')).toBe(false);
    expect(allowed(MEMORY_BLOCK_TABLE, 'MEM_OFFLINE', 'absent')).toBe(true);
  });

  it('a node goes offline only from registered, and comes back through either path', () => {
    expect(allowed(NODE_TABLE, 'registered', 'possible')).toBe(true);
    expect(allowed(NODE_TABLE, 'online', 'possible')).toBe(false);
    expect(allowed(NODE_TABLE, 'possible', 'registered')).toBe(true);
  });

  it('the compiled table agrees with xstate transition() for every state and event', () => {
    const t = MEMORY_BLOCK_TABLE;
    for (const from of t.states) {
      const snap = memoryBlockChart.resolveState({ value: from, context: {} });
      for (const type of ['online_pages', 'offline_pages', 'remove_memory_block_devices', 'create_memory_block_devices']) {
        const [next] = transition(memoryBlockChart, snap, { type });
        expect(allowed(t, from, String(next.value))).toBe(true);
      }
    }
  });

  it('assertLifecycle throws on a move no chart allows (a bug in hpcheck), not on a legal one', () => {
    const l = loadLayout('udev-online-movable');
    if (!l.ok) throw new Error(l.error);
    const m = new HotplugModel({ layout: l.layout, profile: findProfile('v6.1')!, patches: [], properties: PROPERTIES });
    let w = m.initialStates()[0]!;
    for (let i = 0; i < 5; i++) w = m.next(w, i)!;
    const booted = m.view(w);
    const bad = booted.copy();
    bad.setBlockState(0, BlockState.ABSENT);
    expect(() => assertLifecycle(booted, bad)).toThrow(/memory0 moved MEM_ONLINE -> absent/);
    const good = booted.copy();
    good.setBlockState(0, BlockState.MEM_OFFLINE);
    expect(() => assertLifecycle(booted, good)).not.toThrow();
  });
});
