/**
 * Re-executing an action path by name on a model: the core of `replay`, `shrink` and `view`.
 *
 * Names, not ids, are what a trace stores, so a path replays on another kernel (same
 * actions, other behaviour) and on a smaller layout (actions of what was dropped vanish).
 */
import type { TraceStep } from '../explore/model.ts';
import type { Action } from '../model/actions.ts';
import type { HotplugModel } from '../model/hotplug-model.ts';
import { SYSTEM_STATE_NAMES, SystemState, type Kstate, type StateVector } from '../model/state.ts';
import { bugMessage } from '../properties/kernel-bug.ts';

export type ReplayOutcome =
  /** The property fails first at `step` (0 is power-on); `trace` ends there. */
  | { readonly kind: 'violated'; readonly step: number; readonly message: string; readonly trace: TraceStep<StateVector>[] }
  /** Every action ran and the property held at every step. */
  | { readonly kind: 'holds'; readonly trace: TraceStep<StateVector>[] }
  /** Action `step` (1-based) could not run; `trace` holds the steps before it. */
  | { readonly kind: 'blocked'; readonly step: number; readonly action: string; readonly reason: string; readonly trace: TraceStep<StateVector>[] };

/** Action ids by name, for one model. */
export function actionIds(m: HotplugModel): Map<string, number> {
  return new Map(Array.from({ length: m.actionCount }, (_, id) => [m.actionName(id), id]));
}

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
  }
}

/**
 * replayPath() - run `actions` from power-on and check `property` at every step.
 * @m: the model (layout, kernel, patches)
 * @property: the name of one of `m.properties`
 * @actions: action names; an unknown name blocks the replay like a disabled action
 *
 * Return: where the property first fails, or that it always holds, or the first action that
 * could not run and why.
 */
export function replayPath(m: HotplugModel, property: string, actions: readonly string[], ids = actionIds(m)): ReplayOutcome {
  const prop = m.properties.find((p) => p.name === property);
  if (!prop) throw new Error(`hpcheck bug: the model does not check ${property}`);
  let state = m.initialStates()[0]!;
  const trace: TraceStep<StateVector>[] = [{ actionId: null, action: null, state }];
  for (let step = 0; ; step++) {
    const message = prop.check(state);
    if (message !== null) return { kind: 'violated', step, message, trace };
    if (step === actions.length) return { kind: 'holds', trace };
    const name = actions[step]!;
    const id = ids.get(name);
    if (id === undefined) {
      return { kind: 'blocked', step: step + 1, action: name, reason: `no such action on layout ${m.config.layout.name}`, trace };
    }
    const next = m.next(state, id);
    if (next === null) return { kind: 'blocked', step: step + 1, action: name, reason: `not enabled: ${whyNotEnabled(m, m.view(state), m.actions[id]!)}`, trace };
    state = next;
    trace.push({ actionId: id, action: name, state });
  }
}
