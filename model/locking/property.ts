/**
 * A lock-model property: a named invariant over one state of the lock model and the thread
 * programs it runs. The properties themselves live in properties/locking.ts.
 */
import type { Program } from './program.ts';
import type { LockState } from './state.ts';

export interface LockView {
  readonly s: LockState;
  readonly programs: readonly Program[];
}

export interface LockPropertyDef {
  readonly name: string;
  readonly statement: string;
  /** Why the kernel cares. */
  readonly why: string;
  check(v: LockView): string | null;
}
