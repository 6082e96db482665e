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
  /** guest.sh --checks N in the guest: its PASS/FAIL line and its DIFF lines. */
  readonly script?: readonly string[];
  readonly seconds: number;
}

export interface RunTarget {
  readonly kernel: string;
  readonly initrd: string;
  /** console.log and snapshots go here. */
  readonly workDir: string;
  /** The text of the repro's guest.sh, copied into the guest and run after each step. */
  readonly guestScript: string;
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

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Copies guest.sh into the guest's /tmp, a line at a time through the guest shell. */
async function upload(qemu: QemuRun, text: string): Promise<void> {
  await qemu.shell.run('rm -f /tmp/guest.sh');
  for (const line of text.split('\n')) await qemu.shell.run(`printf '%s\\n' ${quote(line)} >> /tmp/guest.sh`);
}

/** guest.sh --checks N: its verdict line and its DIFF lines. */
async function scriptChecks(qemu: QemuRun, step: number, errno: string): Promise<string[]> {
  const r = await qemu.shell.run(`ERRNO=${errno || 0} sh /tmp/guest.sh --checks ${step}`);
  const verdict = r.lines.find((l) => /^(PASS|FAIL|NOT PERFORMED) step /.test(l));
  return [verdict ?? `guest.sh printed no verdict (rc ${r.rc}): ${r.lines.slice(-3).join(' | ')}`, ...r.lines.filter((l) => l.includes('DIFF'))];
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
  try {
    qemu = await QemuRun.boot({ kernel: t.kernel, initrd: t.initrd, workDir: t.workDir, machine: plan.machine, deadlineMs: STEP_BUDGET_MS * plan.steps.length, stepTimeoutMs: 60_000 });
    const guest = new Guest(qemu, () => {});
    for (const c of plan.machine.coldDimms ?? []) guest.coldPlugged(c.name);
    await upload(qemu, t.guestScript);
    for (const s of plan.steps) {
      if (s.index > 0) started = Date.now();
      if (!s.op && s.index > 0) done({ index: s.index, what: what(s), verdict: 'NOT PERFORMED', diffs: [], note: s.unsupported!, seconds: 0 });
      else done(await performStep(s, { qemu, guest, predictor, consoleLog: join(t.workDir, 'console.log'), started }));
    }
  } catch (e) {
    const at = results.length;
    done({ index: at, what: plan.steps[at] ? what(plan.steps[at]!) : 'after the last step', verdict: 'ERROR', diffs: [], note: (e as Error).message.split('\n')[0]!, seconds: (Date.now() - started) / 1000 });
  } finally {
    if (qemu) await qemu.close();
  }
  return results;
}

interface Live { readonly qemu: QemuRun; readonly guest: Guest; readonly predictor: Predictor; readonly consoleLog: string; readonly started: number }

const readLog = (path: string): string => { try { return readFileSync(path, 'utf8'); } catch { return ''; } };

/** One step on both sides, then the sysfs comparison, the kernel log and guest.sh's checks. */
async function performStep(s: PlanStep, l: Live): Promise<StepResult> {
  const before = s.index === 0 ? 0 : readLog(l.consoleLog).length;
  let realErrno = '';
  if (s.op) {
    l.predictor.runner.model.errno = '';
    realErrno = (await l.predictor.runner.step(l.guest, s.op)).real;
  }
  const p = l.predictor.current();
  const real = await l.guest.snapshot(s.index === 0 ? 'boot' : stepText(s.op!));
  const diffs = [...l.predictor.compare(real, realErrno, p), ...oopsDiff(readLog(l.consoleLog).slice(before), p.bug)];
  const script = await scriptChecks(l.qemu, s.index, realErrno);
  const ok = diffs.length === 0 && script[0]!.startsWith('PASS');
  return { index: s.index, what: what(s), verdict: ok ? 'PASS' : 'FAIL', diffs, script, seconds: (Date.now() - l.started) / 1000 };
}

/** One report line (and indented differences) for a step result. */
export function resultLines(r: StepResult, profile: string): string[] {
  const head = `step ${r.index}  ${r.what}`;
  const script = (r.script ?? []).map((l, i) => (i === 0 ? `  guest.sh: ${l}` : `    ${l.trim()}`));
  if (r.verdict === 'PASS') return [`${head}\n  PASS: as ${profile} predicts (${r.seconds.toFixed(1)} s)`, ...script];
  if (r.verdict !== 'FAIL') return [`${head}\n  ${r.verdict}: ${r.note}`];
  return [
    `${head}\n  FAIL: the kernel did otherwise than ${profile} predicts (${r.seconds.toFixed(1)} s):`,
    ...r.diffs.slice(0, 8).map((d) => `    ${d.field}: kernel ${d.real} | ${profile} ${d.model}`), ...(r.diffs.length > 8 ? [`    ... and ${r.diffs.length - 8} more`] : []),
    ...script,
  ];
}
