/**
 * Replaying an action path on the hotplug model: the generic replay (explore/replay.ts) with
 * the hotplug model's words for a step that cannot run.
 */
import { replayPath, type ReplayExplainer, type ReplayOutcome } from '../explore/replay.ts';
import type { Action } from '../model/actions.ts';
import type { HotplugModel } from '../model/hotplug-model.ts';
import { SYSTEM_STATE_NAMES, SystemState, type Kstate, type StateVector } from '../model/state.ts';
import { bugMessage } from '../properties/kernel-bug.ts';

export type { ReplayOutcome };

/** Why `a` is not enabled in `s`, in kernel words. */
export function whyNotEnabled(m: HotplugModel, s: Kstate, a: Action): string {
  if (s.bug !== 0) return `the kernel has crashed (${bugMessage(s)})`;
  if (a.kind === 'boot') return `boot has run ${s.bootPc} steps; this is boot step ${a.arg + 1}`;
  if (s.systemState !== SystemState.RUNNING && a.kind !== 'add_memory') return `system_state is ${SYSTEM_STATE_NAMES[s.systemState]}`;
  switch (a.kind) {
    case 'add_memory': {
      const d = m.g.layout.dimms[a.arg]!;
      return s.dimmAdded(a.arg) ? `${d.name} is already added` : `system_state is ${SYSTEM_STATE_NAMES[s.systemState]}`;
    }
    case 'remove_memory': return `${m.g.layout.dimms[a.arg]!.name} is not added`;
    case 'online':
    case 'offline': return `/sys/devices/system/memory/memory${a.arg} does not exist`;
    case 'memremap_pages': return `${m.g.layout.pmem[a.arg]!.name} is already mapped`;
    case 'memunmap_pages': return `${m.g.layout.pmem[a.arg]!.name} is not mapped`;
    case 'read': return `/sys/devices/system/memory/memory${a.arg} does not exist`;
  }
}

/** The hotplug model's words for a replayed step that cannot run. */
export function hotplugExplainer(m: HotplugModel): ReplayExplainer<StateVector> {
  return {
    noSuchAction: `no such action on layout ${m.config.layout.name}`,
    whyNotEnabled: (state, id) => whyNotEnabled(m, m.view(state), m.actions[id]!),
  };
}

/**
 * replayOnHotplug() - run `actions` from power-on on `m` and check `property` at every step
 * @ids: actionIds(m) (explore/replay.ts), when many paths are replayed on one model
 *
 * Return: as replayPath() (explore/replay.ts).
 */
export function replayOnHotplug(m: HotplugModel, property: string, actions: readonly string[], ids?: Map<string, number[]>): ReplayOutcome<StateVector> {
  return replayPath(m, property, actions, hotplugExplainer(m), ids);
}
