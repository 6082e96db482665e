/**
 * A hotplug property: a named invariant over one state, with the kernel code that relies on
 * it. `check` returns null when it holds, else what is wrong in kernel words.
 */
import type { Behaviour } from './kernels/behaviour.ts';
import type { Kstate } from './state.ts';

export interface PropertyDef {
  /** Stable name, used in output and tests. */
  readonly name: string;
  /** One line: what must hold. */
  readonly statement: string;
  /** The kernel code that relies on it. */
  readonly why: string;
  /** When the property applies; before that, states the real kernel passes through on every boot are not flagged. */
  readonly appliesWhen: string;
  check(s: Kstate, kb: Behaviour): string | null;
}

/** The first non-null message of `checks`, in order. */
export function firstProblem(checks: Iterable<string | null>): string | null {
  for (const c of checks) if (c !== null) return c;
  return null;
}
