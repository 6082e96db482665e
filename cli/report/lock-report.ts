/**
 * Counterexamples of the lock model told in the kernel's own formats: the interleaving, then
 * lockdep's "possible circular locking dependency" report, a "*** DEADLOCK ***" section with
 * each blocked task's held locks and what it waits for, or lockdep's "bad unlock balance".
 *
 * Divergence: lockdep prints return addresses with offsets (`mutex_lock+0x8b/0x900`); the
 * model knows functions, not addresses, so the stacks are function names.
 */
import type { TraceStep, Violation } from '../../explore/model.ts';
import type { LockModel } from '../../model/locking/lock-model.ts';
import { RES, type Res } from '../../model/locking/locks.ts';
import { edges, path } from '../../model/locking/lockdep.ts';
import type { Step } from '../../model/locking/program.ts';
import { Bad, type LockState } from '../../model/locking/state.ts';
import { stuckThreads, waitText } from '../../properties/locking.ts';

type Trace = readonly TraceStep<Uint16Array>[];
const RULE = '======================================================';

interface Replayed {
  /** For each recorded edge "a>b", the trace step that first recorded it. */
  readonly edgeStep: Map<string, number>;
  /** Per thread, per lock: the program step that took it most recently. */
  readonly takenAt: Map<Res, Step>[];
}

/** Walks the trace once: where each lockdep edge was first recorded, and where each held lock was taken. */
function replay(m: LockModel, trace: Trace): Replayed {
  const edgeStep = new Map<string, number>();
  const takenAt = m.programs.map(() => new Map<Res, Step>());
  let before = new Set<string>();
  trace.forEach((t, i) => {
    const now = new Set(edges(m.view(t.state).s).map(([a, b]) => `${a}>${b}`));
    for (const e of now) if (!before.has(e)) edgeStep.set(e, i);
    before = now;
    if (t.actionId === null) return;
    const step = m.stepOf(t.actionId);
    const op = step.op;
    if (op.k === 'lock' || op.k === 'trylock' || op.k === 'get_active') takenAt[m.decodeAction(t.actionId).thread]!.set(op.res, step);
  });
  return { edgeStep, takenAt };
}

const lockName = (r: Res): string => `(${RES[r]!.lockdep})${RES[r]!.usage}`;
const at = (step: Step | undefined): string => (step ? step.stack[1] ?? step.stack[0]! : '?');
const stackLines = (step: Step): string[] => step.stack.map((f) => `       ${f}`);
const name = (r: Res): string => RES[r]!.lockdep;

/** The interleaving, one line a step: which thread ran what, in which function. */
export function interleaving(m: LockModel, trace: Trace): string[] {
  const label = (t: number): string => `T${t} ${m.programs[t]!.task}`;
  const width = Math.max(...m.programs.map((_, t) => label(t).length));
  const lines = m.programs.map((p, t) => `  ${label(t).padEnd(width)}  ${p.command}`);
  lines.push('');
  trace.slice(1).forEach((t, i) => {
    const { thread, pc, outcome } = m.decodeAction(t.actionId!);
    const step = m.stepOf(t.actionId!);
    const jumped = m.view(t.state).s.pc(thread) !== pc + 1 && step.op.k !== 'exit';
    const what = outcome === 1 ? ` -> ${step.taken ?? 'fails'}` : step.taken === undefined ? '' : jumped ? ` -> ${step.taken}` : step.text.endsWith('?') ? ' -> no' : '';
    const where = step.text.startsWith(`${step.stack[0]}(`) ? step.stack[1] : step.stack[0];
    lines.push(`  ${String(i + 1).padStart(3)}. ${label(thread).padEnd(width)}  ${step.text}${what}   [${where}]`);
  });
  return lines;
}

function heldLocks(m: LockModel, s: LockState, t: number, r: Replayed): string[] {
  const held = s.heldList(t);
  return [`${held.length} lock${held.length === 1 ? '' : 's'} held by ${m.programs[t]!.task}:`,
    ...held.map((h, i) => ` #${i}: ${lockName(h.res)}, at: ${at(r.takenAt[t]!.get(h.res))}`)];
}

/** lockdep's print_circular_bug(), for the last step of the trace, which closed the cycle. */
function circularReport(m: LockModel, trace: Trace, r: Replayed, header: string): string[] {
  const last = trace.at(-1)!;
  const before = m.view(trace.at(-2)!.state).s;
  const s = m.view(last.state).s;
  const { thread } = m.decodeAction(last.actionId!);
  const step = m.stepOf(last.actionId!);
  const next = (step.op as { res: Res }).res;
  // lockdep checks each new "held -> next" edge for a path from next back to the held lock.
  const added = before.heldList(thread).map((h) => h.res).reverse().filter((h) => s.hasEdge(h, next) && !before.hasEdge(h, next));
  const target = added.find((h) => path(before, next, h) !== null) ?? added[0]!;
  const chain = path(before, next, target) ?? path(s, next, target)!;
  const task = m.programs[thread]!.task;
  const out = ['', RULE, 'WARNING: possible circular locking dependency detected', header, RULE.replace(/=/g, '-'),
    `${task} is trying to acquire lock:`, `${lockName(next)}, at: ${at(step)}`, '',
    'but task is already holding lock:', `${lockName(target)}, at: ${at(r.takenAt[thread]!.get(target))}`, '',
    'which lock already depends on the new lock.', '', '', 'the existing dependency chain (in reverse order) is:'];
  for (let i = chain.length - 1; i >= 1; i--) {
    const by = r.edgeStep.get(`${chain[i - 1]}>${chain[i]}`)!;
    const id = trace[by]!.actionId!;
    const bt = m.decodeAction(id).thread;
    out.push('', `-> #${i} ${lockName(chain[i]!)}:`, ...stackLines(m.stepOf(id)), `       [step ${by}, T${bt} ${m.programs[bt]!.task}]`);
  }
  out.push('', `-> #0 ${lockName(next)}:`, ...stackLines(step), '', 'other info that might help us debug this:', '');
  const parent = chain.at(-2)!;
  if (parent !== next) out.push('Chain exists of:', `  ${name(next)} --> ${name(parent)} --> ${name(target)}`, '');
  out.push(' Possible unsafe locking scenario:', '', '       CPU0                    CPU1', '       ----                    ----',
    `  lock(${name(target)});`, `                               lock(${name(parent)});`, `                               lock(${name(target)});`,
    `  lock(${name(next)});`, '', ' *** DEADLOCK ***', '', ...heldLocks(m, before, thread, r), '', 'stack backtrace:', ...stackLines(step));
  return out;
}

/** Each blocked task: what it waits for and who holds it, its held locks, and where it sleeps. */
function deadlockReport(m: LockModel, trace: Trace, r: Replayed): string[] {
  const s = m.view(trace.at(-1)!.state).s;
  const stuck = stuckThreads({ s, programs: m.programs });
  const out = [''];
  for (const x of stuck) out.push(`INFO: task ${m.programs[x.thread]!.task} blocked for more than 120 seconds.`);
  out.push('', ' *** DEADLOCK ***');
  for (const x of stuck) {
    const p = m.programs[x.thread]!;
    const holders = m.programs.flatMap((q, h) => ((x.holders & (1 << h)) !== 0 ? [`T${h} ${q.task}`] : []));
    out.push('', `T${x.thread} ${p.task} (${p.command})`, `  waits for ${waitText(x.wait)}, held by ${holders.join(', ')}`,
      ...heldLocks(m, s, x.thread, r).map((l) => `  ${l}`), '  blocked in:', ...stackLines(p.steps[s.pc(x.thread)]!));
  }
  return out;
}

/** lockdep's print_unlock_imbalance_bug(), or its "lock held when returning to user space!". */
function imbalanceReport(m: LockModel, trace: Trace, r: Replayed, header: string): string[] {
  const s = m.view(trace.at(-1)!.state).s;
  const b = s.bad();
  const p = m.programs[b.thread]!;
  const step = p.steps[b.pc]!;
  if (b.kind === Bad.EXIT_HOLDING) {
    return ['', RULE, 'WARNING: lock held when returning to user space!', header, RULE.replace(/=/g, '-'),
      `${p.task} is leaving the kernel with locks still held!`, ...heldLocks(m, s, b.thread, r)];
  }
  const res = (step.op as { res: Res }).res;
  return ['', '=====================================', 'WARNING: bad unlock balance detected!', header, '-------------------------------------',
    `${p.task} is trying to release lock (${name(res)}) at:`, `${step.stack[0]}`, 'but there are no more locks to release!', '',
    'other info that might help us debug this:', ...heldLocks(m, s, b.thread, r), '', 'stack backtrace:', ...stackLines(step)];
}

/**
 * tellLockViolation() - a violation of the lock model as the kernel would report it
 *
 * Return: the lines: the property and message, the interleaving, then the kernel's report.
 */
export function tellLockViolation(m: LockModel, v: Violation<Uint16Array>): string[] {
  const r = replay(m, v.trace);
  const header = `${m.config.profile.name}${m.config.patches.map((p) => ` +${p.name}`).join('')} (hpcheck lock model) Not tainted`;
  const lines = [`${v.property}: ${v.message}`, '', `The interleaving (${v.trace.length - 1} steps, a shortest one):`, ...interleaving(m, v.trace)];
  if (v.property === 'lock-order-acyclic') lines.push(...circularReport(m, v.trace, r, header));
  else if (v.property === 'deadlock-free') lines.push(...deadlockReport(m, v.trace, r));
  else if (v.property === 'lock-balance') lines.push(...imbalanceReport(m, v.trace, r, header));
  else {
    const s = m.view(v.trace.at(-1)!.state).s;
    const t = s.bug();
    lines.push('', 'kernel BUG at mm/memory_hotplug.c!', ...stackLines(m.programs[t]!.steps[s.pc(t)]!));
  }
  return lines;
}
