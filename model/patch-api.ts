/**
 * What a user patch module imports from hpcheck, by the package's name:
 *
 *   import type { Patch, Kernel } from 'hpcheck';
 *
 * (package.json "exports" maps `hpcheck` to this file). `Kernel` is the view an override is
 * given (model/kernel.ts); `Patch` the default export's type (model/kernels/behaviour.ts);
 * the zone and block-state enums are types (their values are the numbers in model/state.ts).
 */
export type { Behaviour, MeminitContext, OnlineType, ZonePolicy } from './kernel.ts';
export type { Kernel } from './kernel.ts';
export type { BehaviourPoint, Patch } from './kernels/behaviour.ts';
export type { Geometry } from './geometry.ts';
export type { Kstate } from './state.ts';
export type { BlockState, Zone } from './state.ts';
export { NUMA_NO_NODE } from './state.ts';
