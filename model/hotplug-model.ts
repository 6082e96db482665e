/**
 * The hotplug subsystem as a `Model` for the generic engine (explore/model.ts): one layout,
 * one kernel profile with its patches, and the properties to check.
 */
import type { Model, Property } from '../explore/model.ts';
import type { PropertyDef } from '../properties/types.ts';
import { buildActions, step, type Action } from './actions.ts';
import { decodeState } from './decode.ts';
import { buildGeometry, type Geometry } from './geometry.ts';
import type { Behaviour, Patch } from './kernels/behaviour.ts';
import type { Profile } from './kernels/profiles.ts';
import type { Layout } from './layout/types.ts';
import { Kstate, stateKey, stateLayout, type StateLayout, type StateVector } from './state.ts';

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

export class HotplugModel implements Model<StateVector> {
  readonly g: Geometry;
  readonly L: StateLayout;
  readonly kb: Behaviour;
  readonly actions: readonly Action[];
  readonly properties: readonly Property<StateVector>[];

  constructor(readonly config: HotplugConfig) {
    this.g = buildGeometry(config.layout);
    this.L = stateLayout(this.g);
    this.kb = applyPatches(config.profile, config.patches);
    this.actions = buildActions(this.g, this.kb);
    this.properties = config.properties.map((p) => ({
      name: p.name,
      statement: p.statement,
      check: (w: StateVector) => p.check(this.view(w), this.kb),
    }));
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

  toJSON(w: StateVector): Record<string, unknown> { return decodeState(this.view(w)); }
}
