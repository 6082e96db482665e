/**
 * What a kernel profile predicts for a repro, step by step: the conformance harness's model
 * side (conformance/sequence-runner.ts) on the QEMU machine's layout, under the profile and
 * patches, stepped by the plan's guest operations. Also the comparison of a real snapshot
 * with a prediction, under the harness's declared abstractions (conformance/compare.ts).
 */
import { CATALOGUE } from '../conformance/catalogue.ts';
import { compareViews, type Diff } from '../conformance/compare.ts';
import type { AbstractionId } from '../conformance/sequence.ts';
import { SequenceRunner, type KernelSide } from '../conformance/sequence-runner.ts';
import type { SysfsView } from '../conformance/view.ts';
import type { Patch } from '../model/kernels/behaviour.ts';
import type { Profile } from '../model/kernels/profiles.ts';
import type { Plan } from './plan.ts';

/** The fields the conformance harness does not compare one to one (its declared abstractions, with their reasons in conformance/catalogue.ts). */
export const ABSTRACTIONS: ReadonlySet<AbstractionId> = new Set(CATALOGUE.abstractions.map((a) => a.id));

export interface Prediction {
  readonly view: SysfsView;
  readonly errno: string;
  /** The model's BUG or oops after this step, if any (decodeState().bug). */
  readonly bug: string | null;
}

/** A kernel side that does whatever the model does: every operation succeeds. */
const AGREEING: KernelSide = {
  addDimm: () => Promise.resolve(''),
  removeDimm: () => Promise.resolve(''),
  writeState: () => Promise.resolve(''),
  read: () => Promise.resolve(''),
  snapshot: () => Promise.reject(new Error('the predicting kernel side has no snapshots')),
};

function bugText(runner: SequenceRunner): string | null {
  const bug = runner.model.decoded()['bug'] as { kind?: string; function?: string } | null;
  return bug ? `${bug.kind ?? 'BUG'} in ${bug.function ?? 'the kernel'}` : null;
}

export class Predictor {
  readonly runner: SequenceRunner;

  constructor(plan: Plan, profile: Profile, patches: readonly Patch[]) {
    this.runner = new SequenceRunner(plan.seq, plan.machine, profile, ABSTRACTIONS, patches);
  }

  current(): Prediction {
    return { view: this.runner.model.view(), errno: this.runner.model.errno, bug: bugText(this.runner) };
  }

  /** Steps the model alone. */
  async predict(op: Plan['seq']['steps'][number]): Promise<Prediction> {
    this.runner.model.errno = '';
    await this.runner.step(AGREEING, op);
    return this.current();
  }

  /** The differences between a real snapshot (and errno) and the prediction. */
  compare(real: SysfsView, realErrno: string, p: Prediction): Diff[] {
    return compareViews(real, p.view, realErrno, p.errno, this.runner.context());
  }
}

/** predictAll() - the prediction after the boot and after each step of the plan (null for a step QEMU cannot perform). */
export async function predictAll(plan: Plan, profile: Profile, patches: readonly Patch[]): Promise<(Prediction | null)[]> {
  const p = new Predictor(plan, profile, patches);
  const out: (Prediction | null)[] = [p.current()];
  for (const s of plan.steps.slice(1)) out.push(s.op ? await p.predict(s.op) : null);
  return out;
}
