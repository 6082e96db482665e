/**
 * Random walks over a model, for tests of `shrink`: a walk of exactly `length` steps whose
 * property holds for the first length-1 steps and fails at the last, found from a seed.
 */
import fc from 'fast-check';
import type { TraceStep } from '../../explore/model.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';
import type { StateVector } from '../../model/state.ts';

export interface Walk {
  /** The seed the walk was drawn with (the first that gave a walk of the wanted shape). */
  readonly seed: number;
  readonly trace: TraceStep<StateVector>[];
  readonly message: string;
}

function walkOnce(m: HotplugModel, property: string, length: number, seed: number): Walk | null {
  const prop = m.properties.find((p) => p.name === property)!;
  const [choices] = fc.sample(fc.infiniteStream(fc.nat()), { seed, numRuns: 1 });
  const pick = <T>(xs: readonly T[]): T => xs[choices!.next().value! % xs.length]!;
  let state = m.initialStates()[0]!;
  const trace: TraceStep<StateVector>[] = [{ actionId: null, action: null, state }];
  for (let step = 1; step <= length; step++) {
    const last = step === length;
    const options: { id: number; next: StateVector }[] = [];
    for (let id = 0; id < m.actionCount; id++) {
      const next = m.next(state, id);
      if (next === null) continue;
      const fails = prop.check(next) !== null;
      if (last ? fails : !fails && !m.isTerminal(next)) options.push({ id, next });
    }
    if (options.length === 0) return null;
    const { id, next } = pick(options);
    state = next;
    trace.push({ actionId: id, action: m.actionName(id), state });
  }
  return { seed, trace, message: prop.check(state)! };
}

/**
 * violatingWalk() - the first walk, from `seed` on, of `length` steps that violates `property`
 * only at its last step.
 */
export function violatingWalk(m: HotplugModel, property: string, length: number, seed: number): Walk {
  for (let s = seed; s < seed + 500; s++) {
    const w = walkOnce(m, property, length, s);
    if (w) return w;
  }
  throw new Error(`no ${length}-step walk violating ${property} for seeds ${seed}..${seed + 499}`);
}
