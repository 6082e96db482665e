/**
 * What the kernel tables of every model are made of. A model has its behaviour points (the
 * hotplug model's `Behaviour` in model/kernel.ts, the lock model's `LockBehaviour` in
 * model/locking/behaviour.ts); a profile fills every point for one kernel release, a patch
 * replaces some of them, and applyPatches() applies the patches in order.
 *
 * `B` defaults to the hotplug model's behaviour, the model most of the code speaks of.
 */
import type { Behaviour } from '../kernel.ts';

/** One kernel release as one model sees it: a choice for each of the model's behaviour points. */
export interface Profile<B = Behaviour> {
  readonly name: string;
  readonly summary: string;
  readonly behaviour: B;
}

/** A patch: a name, a one-line description, and the points it replaces. */
export interface Patch<B = Behaviour> {
  readonly name: string;
  readonly description: string;
  readonly overrides: Partial<B>;
  /** A user's patch: the absolute path of the module it was loaded from. */
  readonly source?: string;
}

/** applyPatches() - the profile's behaviour with each patch applied in order; a later patch wins a point both replace. */
export function applyPatches<B>(profile: Profile<B>, patches: readonly Patch<B>[]): B {
  return patches.reduce<B>((b, p) => ({ ...b, ...p.overrides }), profile.behaviour);
}

/**
 * A behaviour point as a user patch may replace it: `function` points take a function,
 * `object` points an object (a zone policy), `data` points a string or boolean, one of
 * `values` where the table lists them.
 */
export interface BehaviourPointSpec<N extends string = string> {
  readonly name: N;
  readonly kind: 'function' | 'data' | 'object';
  readonly values?: readonly (string | boolean)[];
}
