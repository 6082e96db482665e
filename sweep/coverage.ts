/**
 * Action coverage: which kinds of kernel action a search took, and which of them succeeded.
 *
 * A proof is vacuous for an action that never ran: if no layout lets `remove_memory` fire,
 * "the patch breaks nothing" says nothing about removal. `CoverageModel` wraps the hotplug
 * model and records, for every transition the engine takes, the action's coverage key and
 * whether the kernel returned success (errno 0, no crash). The engine sees an ordinary
 * vector model (so the fast engine runs it); exploration, states and traces are those of
 * the wrapped model.
 */
import type { Journal } from '../explore/journal.ts';
import type { Stepper, VectorModel } from '../explore/model.ts';
import type { Action } from '../model/actions.ts';
import type { HotplugModel } from '../model/hotplug-model.ts';
import { SystemState, type StateVector } from '../model/state.ts';

/** Every coverage key, in report order. */
export const COVERAGE_KEYS = [
  'boot',
  'add_memory',
  'add_memory in SYSTEM_SCHEDULING',
  'remove_memory',
  'online_pages(online)',
  'online_pages(online_kernel)',
  'online_pages(online_movable)',
  'offline_pages',
  'memremap_pages',
  'memunmap_pages',
  'readers and walkers',
] as const;

export type CoverageKey = (typeof COVERAGE_KEYS)[number];

/** The coverage key of `action` taken in a state whose system_state is `systemState`. */
export function coverageKey(action: Action, systemState: SystemState): CoverageKey {
  switch (action.kind) {
    case 'boot': return 'boot';
    case 'add_memory': return systemState === SystemState.SCHEDULING ? 'add_memory in SYSTEM_SCHEDULING' : 'add_memory';
    case 'remove_memory': return 'remove_memory';
    case 'online': return `online_pages(${action.onlineType ?? 'online'})`;
    case 'offline': return 'offline_pages';
    case 'memremap_pages': return 'memremap_pages';
    case 'memunmap_pages': return 'memunmap_pages';
    case 'read': return 'readers and walkers';
  }
}

export class CoverageModel implements VectorModel {
  /** Keys of the actions taken at least once. */
  readonly fired = new Set<CoverageKey>();
  /** Keys of the actions that succeeded at least once. */
  readonly succeeded = new Set<CoverageKey>();
  readonly actionCount: number;
  readonly properties: HotplugModel['properties'];
  readonly wordBits: readonly number[];

  /** Per action id: its key when taken in SYSTEM_RUNNING, and in SYSTEM_SCHEDULING. */
  readonly #running: readonly CoverageKey[];
  readonly #scheduling: readonly CoverageKey[];

  constructor(readonly inner: HotplugModel) {
    this.actionCount = inner.actionCount;
    this.properties = inner.properties;
    this.wordBits = inner.wordBits;
    this.#running = inner.actions.map((a) => coverageKey(a, SystemState.RUNNING));
    this.#scheduling = inner.actions.map((a) => coverageKey(a, SystemState.SCHEDULING));
  }

  initialStates(): readonly StateVector[] { return this.inner.initialStates(); }

  actionName(id: number): string { return this.inner.actionName(id); }

  next(state: StateVector, id: number): StateVector | null {
    const next = this.inner.next(state, id);
    if (next === null) return null;
    const after = this.inner.view(next);
    this.#record(id, this.inner.view(state).systemState, after.errno === 0 && after.bug === 0);
    return next;
  }

  /** The inner model's in-place stepper, recording each transition it takes. */
  stepper(w: StateVector, journal: Journal): Stepper {
    const inner = this.inner.stepper(w, journal);
    const view = this.inner.view(w);
    return {
      loaded: () => inner.loaded(),
      apply: (id: number) => {
        const before = view.systemState;
        if (!inner.apply(id)) return false;
        this.#record(id, before, view.errno === 0 && view.bug === 0);
        return true;
      },
      isTerminal: () => inner.isTerminal(),
    };
  }

  #record(id: number, systemState: SystemState, ok: boolean): void {
    const running = this.#running[id]!;
    const key = running === this.#scheduling[id] || systemState === SystemState.RUNNING ? running : this.#scheduling[id]!;
    this.fired.add(key);
    if (ok) this.succeeded.add(key);
  }

  isTerminal(state: StateVector): boolean { return this.inner.isTerminal(state); }

  key(state: StateVector): string { return this.inner.key(state); }

  toJSON(state: StateVector): unknown { return this.inner.toJSON(state); }
}
