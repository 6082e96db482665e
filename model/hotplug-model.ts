/**
 * The hotplug subsystem as a `Model` for the generic engine (explore/model.ts): one layout,
 * one kernel profile with its patches, and the properties to check.
 */
import type { Journal } from '../explore/journal.ts';
import type { Property, Stepper, VectorModel } from '../explore/model.ts';
import { vectorKey } from '../explore/vector-key.ts';
import type { PropertyDef } from './property.ts';
import { applyInPlace, buildActions, step, type Action } from './actions.ts';
import { decodeState, errnoName } from './decode.ts';
import { buildGeometry, type Geometry } from './geometry.ts';
import { assertLifecycle } from './lifecycle.ts';
import { Kernel } from './kernel.ts';
import type { Behaviour } from './kernels/behaviour.ts';
import { applyPatches, type Patch, type Profile } from './kernels/profile.ts';
import type { Layout } from './layout/types.ts';
import { Kstate, lifecycleWords, stateLayout, wordBits, type StateLayout, type StateVector } from './state.ts';

export interface HotplugConfig {
  readonly layout: Layout;
  readonly profile: Profile;
  readonly patches: readonly Patch[];
  readonly properties: readonly PropertyDef[];
}

/** The fast engine's stepper, which also tells the errno of the step it just applied. */
export interface HotplugStepper extends Stepper {
  errno(): number;
}

export class HotplugModel implements VectorModel {
  readonly g: Geometry;
  readonly L: StateLayout;
  readonly kb: Behaviour;
  readonly actions: readonly Action[];
  readonly properties: readonly Property<StateVector>[];
  readonly wordBits: readonly number[];

  constructor(readonly config: HotplugConfig) {
    this.g = buildGeometry(config.layout);
    this.L = stateLayout(this.g);
    this.kb = applyPatches(config.profile, config.patches);
    this.actions = buildActions(this.g, this.kb);
    this.wordBits = wordBits(this.g, this.L);
    // One view serves every property check: a check reads the state it is given and keeps nothing.
    const checked = this.view(new Uint16Array(this.L.words));
    this.properties = config.properties.map((p) => ({
      name: p.name,
      statement: p.statement,
      check: (w: StateVector) => p.check(checked.bind(w, null), this.kb),
    }));
  }

  /** Steps `w` in place for the fast engine; every write goes through `journal`. */
  stepper(w: StateVector, journal: Journal): HotplugStepper {
    const s = this.view(w).bind(w, journal);
    const before = this.view(new Uint16Array(this.L.words));
    const k = new Kernel(s, this.g, this.kb);
    const actions = this.actions;
    // Most steps write no word a chart watches: the charts are consulted only when one was written.
    const watched = lifecycleWords(this.g, this.L);
    const lifecycle = (after: Kstate): void => { if (journal.touches(watched)) assertLifecycle(before, after); };
    return {
      loaded: () => before.w.set(w),
      apply: (id: number) => applyInPlace(k, actions[id]!, lifecycle),
      isTerminal: () => s.bug !== 0,
      enabled: (id: number) => s.bug === 0 && actions[id]!.enabled(s),
      errno: () => s.errno,
    };
  }

  view(w: StateVector): Kstate { return new Kstate(this.g, this.L, w); }

  initialStates(): readonly StateVector[] { return [Kstate.initial(this.g, this.L).w]; }

  get actionCount(): number { return this.actions.length; }

  actionName(id: number): string { return this.actions[id]!.name; }

  /** The step from `w` by action `id`: the successor's view, whose `errno` is the step's result; null when not enabled. */
  transition(w: StateVector, id: number): Kstate | null {
    return step(this.g, this.kb, this.view(w), this.actions[id]!);
  }

  next(w: StateVector, id: number): StateVector | null {
    return this.transition(w, id)?.w ?? null;
  }

  /** The step's result, shown beside the state it led to: `{ errno }` ('' for success). */
  outcome(w: StateVector, id: number): Record<string, unknown> | null {
    const t = this.transition(w, id);
    return t === null ? null : { errno: errnoName(t.errno) };
  }

  isTerminal(w: StateVector): boolean { return this.view(w).bug !== 0; }

  key(w: StateVector): string { return vectorKey(w); }

  toJSON(w: StateVector): Record<string, unknown> { return decodeState(this.view(w)); }
}
