/**
 * Lifecycle charts of a memory block device, a NUMA node and `system_state`, written as
 * xstate machines and compiled once, at start-up, into lookup tables of the moves they allow.
 * The model checks every step against the tables (a move no chart allows is a bug in hpcheck
 * and throws); xstate itself never runs in the search loop.
 *
 * Kernel: drivers/base/memory.c (MEM_OFFLINE / MEM_ONLINE, device add and unregister),
 * drivers/base/node.c and mm/memory_hotplug.c (node_set_online, register_one_node,
 * try_offline_node), init/main.c (system_state), v6.1.
 */
import { createMachine, transition, type AnyStateMachine } from 'xstate';
import type { Kstate } from './state.ts';

/** system_state: the boot moves forward only. */
export const systemStateChart = createMachine({
  id: 'system_state',
  initial: 'SYSTEM_BOOTING',
  states: {
    SYSTEM_BOOTING: { on: { rest_init: 'SYSTEM_SCHEDULING' } },
    SYSTEM_SCHEDULING: { on: { kernel_init: 'SYSTEM_RUNNING' } },
    SYSTEM_RUNNING: {},
  },
});

/** A memory block device: /sys/devices/system/memory/memoryN. */
export const memoryBlockChart = createMachine({
  id: 'memory_block',
  initial: 'absent',
  states: {
    absent: {
      on: {
        add_boot_memory_block: 'MEM_ONLINE',
        create_memory_block_devices: 'MEM_OFFLINE',
        add_memory_auto_online: 'MEM_ONLINE',
      },
    },
    MEM_OFFLINE: { on: { online_pages: 'MEM_ONLINE', remove_memory_block_devices: 'absent' } },
    MEM_ONLINE: { on: { offline_pages: 'MEM_OFFLINE' } },
  },
});

/** A NUMA node: possible, N_ONLINE, or N_ONLINE with its nodeM device registered. */
export const nodeChart = createMachine({
  id: 'node',
  initial: 'possible',
  states: {
    possible: { on: { numa_init: 'online', hotadd_new_node: 'registered' } },
    online: { on: { register_one_node: 'registered' } },
    registered: { on: { try_offline_node: 'possible' } },
  },
});

export interface LifecycleTable {
  readonly states: readonly string[];
  /** allowed[from][to]: some event of the chart moves `from` to `to`. */
  readonly allowed: readonly (readonly boolean[])[];
}

/** Enumerates every state x event of a flat chart with xstate's pure `transition()`. */
export function compileChart(machine: AnyStateMachine): LifecycleTable {
  const states = Object.keys(machine.root.states);
  const events = [...new Set(states.flatMap((s) => Object.keys(machine.root.states[s]!.config.on ?? {})))];
  const allowed = states.map((from) => {
    const row = states.map(() => false);
    row[states.indexOf(from)] = true;
    const snapshot = machine.resolveState({ value: from, context: {} });
    for (const type of events) {
      const [next] = transition(machine, snapshot, { type });
      row[states.indexOf(String(next.value))] ||= next.value !== from;
    }
    return row;
  });
  return { states, allowed };
}

export const SYSTEM_STATE_TABLE = compileChart(systemStateChart);
export const MEMORY_BLOCK_TABLE = compileChart(memoryBlockChart);
export const NODE_TABLE = compileChart(nodeChart);

function nodeLifecycleState(s: Kstate, nid: number): number {
  if (s.nodeRegistered(nid) && !s.nodeOnline(nid)) throw new Error(`hpcheck bug: node${nid} registered but not N_ONLINE`);
  return !s.nodeOnline(nid) ? 0 : s.nodeRegistered(nid) ? 2 : 1;
}

/** Throws unless `table` allows `from` -> `to`; `what` names the object, as `memory` + index. */
function expectMove(table: LifecycleTable, what: string, index: number, from: number, to: number): void {
  if (table.allowed[from]![to]) return;
  const name = index < 0 ? what : `${what}${index}`;
  throw new Error(`hpcheck bug: ${name} moved ${table.states[from]} -> ${table.states[to]}, which its lifecycle chart does not allow`);
}

/**
 * Checks that one step moved system_state, every memory block and every node only as the
 * charts allow. Throws on a bug in hpcheck. Skipped after a crash: the kernel stopped mid-way.
 */
export function assertLifecycle(before: Kstate, after: Kstate): void {
  if (after.bug !== 0) return;
  expectMove(SYSTEM_STATE_TABLE, 'system_state', -1, before.systemState, after.systemState);
  for (let b = 0; b < after.g.nrBlocks; b++) {
    expectMove(MEMORY_BLOCK_TABLE, 'memory', b, before.blockState(b), after.blockState(b));
  }
  for (const nid of after.g.nodeIds) {
    expectMove(NODE_TABLE, 'node', nid, nodeLifecycleState(before, nid), nodeLifecycleState(after, nid));
  }
}
