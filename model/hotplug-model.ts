/**
 * The hotplug subsystem as a `Model` for the generic engine (explore/model.ts): one layout,
 * one kernel profile with its patches, and the properties to check.
 */
import type { Journal } from '../explore/journal.ts';
import type { Property, Stepper, VectorModel } from '../explore/model.ts';
import type { PropertyDef } from './property.ts';
import { applyInPlace, buildActions, step, type Action } from './actions.ts';
import { decodeState } from './decode.ts';
import { buildGeometry, type Geometry } from './geometry.ts';
import { assertLifecycle } from './lifecycle.ts';
import { Kernel } from './kernel.ts';
import type { Behaviour, Patch } from './kernels/behaviour.ts';
import type { Profile } from './kernels/profiles.ts';
import type { Layout } from './layout/types.ts';
import { Kstate, lifecycleWords, stateKey, stateLayout, wordBits, type StateLayout, type StateVector } from './state.ts';

export interface HotplugConfig {
  readonly layout: Layout;
  readonly profile: Profile;
  readonly patches: readonly Patch[];
  readonly properties: readonly PropertyDef[];
}

/** The profile's behaviour with each patch applied in order. */
export function applyPatches(profile: Profile, patches: readonly Patch[]): Behaviour {
  return patches.reduce<Behaviour>((kb, p) => ({ ...kb, ...p.overrides }), profile.behaviour);
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
  stepper(w: StateVector, journal: Journal): Stepper {
    const s = this.view(w).bind(w, journal);
    const before = this.view(new Uint16Array(this.L.words));
    const k = new Kernel(s, this.g, this.kb);
    const actions = this.actions;
    // Most steps only set errno: the charts are consulted when a watched word was written.
    const watched = lifecycleWords(this.g, this.L);
    const lifecycle = (after: Kstate): void => { if (journal.touches(watched)) assertLifecycle(before, after); };
    return {
      loaded: () => before.w.set(w),
      apply: (id: number) => applyInPlace(k, actions[id]!, lifecycle),
      isTerminal: () => s.bug !== 0,
      enabled: (id: number) => s.bug === 0 && actions[id]!.enabled(s),
    };
  }

  view(w: StateVector): Kstate { return new Kstate(this.g, this.L, w); }

  initialStates(): readonly StateVector[] { return [Kstate.initial(this.g, this.L).w]; }

  get actionCount(): number { return this.actions.length; }

  actionName(id: number): string { return this.actions[id]!.name; }

  next(w: StateVector, id: number): StateVector | null {
    return step(this.g, this.kb, this.view(w), this.actions[id]!)?.w ?? null;
  }

  isTerminal(w: StateVector): boolean { return this.view(w).bug !== 0; }

  key(w: StateVector): string { return stateKey(w); }

  toJSON(w: StateVector): Record<string, unknown> { return decodeState(this.view(w), this.kb); }
}
