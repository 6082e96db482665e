/**
 * runRepro() - `repro --run`: boot the plan's QEMU machine with the conformance harness
 * (conformance/qemu.ts, guest.ts), perform each step, and after each compare the guest's sysfs
 * with what the profile predicts (conformance/compare.ts). Every step is reported, also after
 * a difference: the model then goes on from its own prediction.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diff } from '../conformance/compare.ts';
import { Guest } from '../conformance/guest.ts';
import { QemuRun } from '../conformance/qemu.ts';
import { stepText } from '../conformance/sequence.ts';
import type { Patch } from '../model/kernels/behaviour.ts';
import type { Profile } from '../model/kernels/profiles.ts';
import type { Plan, PlanStep } from './plan.ts';
import { Predictor } from './predict.ts';

/** Budget of one step, boot included: the issue's two minutes. */
export const STEP_BUDGET_MS = 120_000;

export interface StepResult {
  readonly index: number;
  readonly what: string;
  readonly verdict: 'PASS' | 'FAIL' | 'NOT PERFORMED' | 'ERROR';
  readonly diffs: readonly Diff[];
  readonly note?: string;
  readonly seconds: number;
}

export interface RunTarget {
  readonly kernel: string;
  readonly initrd: string;
  /** console.log and snapshots go here. */
  readonly workDir: string;
}

const OOPS = /kernel BUG at|BUG: |Oops: /;

function what(s: PlanStep): string {
  return s.index === 0 ? 'boot' : `${s.actions.join(', ')}${s.op ? `: ${stepText(s.op)}` : ''}`;
}

/** A BUG or oops the prediction has and the console does not, or the reverse. */
function oopsDiff(console: string, predictedBug: string | null): Diff[] {
  const real = OOPS.exec(console);
  if (Boolean(real) === Boolean(predictedBug)) return [];
  return [{ field: 'kernel log', real: real ? real[0].trim() : 'no BUG or oops', model: predictedBug ?? 'no BUG or oops' }];
}

/**
 * runRepro() - run every step; `report` is told each result as it comes.
 * Return: the results. Throws only for an hpcheck bug; QEMU failures end the run with an ERROR step.
 */
export async function runRepro(plan: Plan, profile: Profile, patches: readonly Patch[], t: RunTarget, report: (r: StepResult) => void): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const done = (r: StepResult): void => { results.push(r); report(r); };
  const predictor = new Predictor(plan, profile, patches);
  let qemu: QemuRun | null = null;
  let started = Date.now();
  const consoleText = (): string => { try { return readFileSync(join(t.workDir, 'console.log'), 'utf8'); } catch { return ''; } };
  try {
    qemu = await QemuRun.boot({ kernel: t.kernel, initrd: t.initrd, workDir: t.workDir, machine: plan.machine, deadlineMs: STEP_BUDGET_MS * plan.steps.length, stepTimeoutMs: 60_000 });
    const guest = new Guest(qemu, () => {});
    for (const c of plan.machine.coldDimms ?? []) guest.coldPlugged(c.name);
    for (const s of plan.steps) {
      if (s.index > 0) started = Date.now();
      if (!s.op && s.index > 0) { done({ index: s.index, what: what(s), verdict: 'NOT PERFORMED', diffs: [], note: s.unsupported!, seconds: 0 }); continue; }
      let realErrno = '';
      if (s.op) {
        predictor.runner.model.errno = '';
        realErrno = (await predictor.runner.step(guest, s.op)).real;
      }
      const p = predictor.current();
      const before = consoleText().length;
      const diffs = [...predictor.compare(await guest.snapshot(s.index === 0 ? 'boot' : stepText(s.op!)), realErrno, p), ...oopsDiff(consoleText().slice(s.index === 0 ? 0 : before), p.bug)];
      done({ index: s.index, what: what(s), verdict: diffs.length === 0 ? 'PASS' : 'FAIL', diffs, seconds: (Date.now() - started) / 1000 });
    }
  } catch (e) {
    const at = results.length;
    done({ index: at, what: plan.steps[at] ? what(plan.steps[at]!) : 'after the last step', verdict: 'ERROR', diffs: [], note: (e as Error).message.split('\n')[0]!, seconds: (Date.now() - started) / 1000 });
  } finally {
    if (qemu) await qemu.close();
  }
  return results;
}

/** One report line (and indented differences) for a step result. */
export function resultLines(r: StepResult, profile: string): string[] {
  const head = `step ${r.index}  ${r.what}`;
  if (r.verdict === 'PASS') return [`${head}\n  PASS: as ${profile} predicts (${r.seconds.toFixed(1)} s)`];
  if (r.verdict !== 'FAIL') return [`${head}\n  ${r.verdict}: ${r.note}`];
  return [`${head}\n  FAIL: the kernel did otherwise than ${profile} predicts (${r.seconds.toFixed(1)} s):`, ...r.diffs.slice(0, 8).map((d) => `    ${d.field}: kernel ${d.real} | ${profile} ${d.model}`), ...(r.diffs.length > 8 ? [`    ... and ${r.diffs.length - 8} more`] : [])];
}
