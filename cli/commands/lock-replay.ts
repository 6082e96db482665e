/**
 * `hpcheck replay FILE` for a lock-model trace (`#meta.model` "lock", written by
 * `check --layout dax-kmem-unbind --out`): re-executes the steps by name on the scenario and
 * says whether the property still fails at the last step and held before it.
 */
import pc from 'picocolors';
import type { TraceStep } from '../../explore/model.ts';
import { EXIT, VERSION } from '../../run/version.ts';
import type { ItfTrace } from '../../run/itf.ts';
import { resolveLockConfig } from '../../run/lock-resolve.ts';
import { tellLockViolation } from '../report/lock-report.ts';
import { LockModel } from '../../model/locking/lock-model.ts';
import type { Loaded } from '../../run/user-patch.ts';

export const isLockTrace = (t: ItfTrace): boolean => (t['#meta'] as { model?: unknown }).model === 'lock';

export type LockReplay =
  | { readonly kind: 'blocked'; readonly step: number; readonly action: string; readonly reason: string }
  | { readonly kind: 'holds'; readonly trace: TraceStep<Uint16Array>[] }
  | { readonly kind: 'violated'; readonly step: number; readonly message: string; readonly trace: TraceStep<Uint16Array>[] };

/**
 * replayLockActions() - run the named steps from the initial state, checking `property` after each
 *
 * A name can stand for several program steps (the same call in two places); the one enabled
 * at the thread's program counter is taken.
 * Return: where the property first fails, that it never does, or the step that cannot run.
 */
export function replayLockActions(m: LockModel, property: string, actions: readonly string[]): LockReplay {
  const prop = m.properties.find((p) => p.name === property);
  if (prop === undefined) throw new Error(`hpcheck bug: ${property} is not a property of the model`);
  let w = m.initialStates()[0]!;
  const trace: TraceStep<Uint16Array>[] = [{ actionId: null, action: null, state: w }];
  const first = prop.check(w);
  if (first !== null) return { kind: 'violated', step: 0, message: first, trace };
  for (const [i, name] of actions.entries()) {
    const ids = Array.from({ length: m.actionCount }, (_, id) => id).filter((id) => m.actionName(id) === name);
    if (ids.length === 0) return { kind: 'blocked', step: i + 1, action: name, reason: 'no such step in this scenario and kernel' };
    const id = ids.find((x) => m.next(w, x) !== null);
    if (id === undefined) {
      const t = m.decodeAction(ids[0]!).thread;
      const at = m.toJSON(w).threads as { at: string }[];
      return { kind: 'blocked', step: i + 1, action: name, reason: `not enabled: T${t} is at ${at[t]!.at}` };
    }
    w = m.next(w, id)!;
    trace.push({ actionId: id, action: name, state: w });
    const message = prop.check(w);
    if (message !== null) return { kind: 'violated', step: i + 1, message, trace };
  }
  return { kind: 'holds', trace };
}

interface Flags { kernel?: string; patch: string[]; json?: boolean; color: boolean }

/** The lock model a saved trace is replayed on: its scenario, and the kernel and patches saved or given. */
export function lockRunOf(file: string, t: ItfTrace, flags: Flags): Loaded<LockModel> {
  const meta = t['#meta'];
  const layout = String((meta.layout as { name?: unknown }).name ?? '');
  const given = flags.patch.length > 0 ? flags.patch : undefined;
  if (given && given.includes('none') && given.length > 1) return { ok: false, error: '--patch none: cannot be combined with other patches' };
  const cfg = resolveLockConfig({
    layout, kernel: flags.kernel ?? meta.kernel, patch: given ? given.filter((p) => p !== 'none') : meta.patches, property: [meta.property],
  });
  if (!cfg.ok) return { ok: false, error: flags.kernel || given ? cfg.error : `${file}: #meta: ${cfg.error}` };
  return { ok: true, value: new LockModel(cfg.value) };
}

/** `replay FILE` on a lock trace; prints one line and exits 2 on bad input. */
export function lockReplayCommand(file: string, t: ItfTrace, flags: Flags): void {
  const out = (s: string): void => { process.stdout.write(`${s}\n`); };
  const m = lockRunOf(file, t, flags);
  if (!m.ok) { process.stderr.write(`hpcheck: ${m.error}\n`); process.exit(EXIT.usage); }
  const meta = t['#meta'];
  const model = m.value;
  const r = replayLockActions(model, meta.property, meta.actions);
  if (r.kind === 'blocked') { process.stderr.write(`hpcheck: ${file}: cannot replay: step ${r.step}, ${r.action}: ${r.reason}\n`); process.exit(EXIT.usage); }
  const c = model.config;
  const steps = meta.actions.length;
  if (flags.json) {
    out(JSON.stringify({
      tool: 'hpcheck', version: VERSION, file, layout: c.scenario.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name),
      property: meta.property, steps, outcome: r.kind, ...(r.kind === 'violated' ? { step: r.step, message: r.message } : {}),
    }));
  } else {
    const col = pc.createColors(flags.color && process.stdout.isTTY === true);
    const patches = c.patches.length ? c.patches.map((p) => p.name).join(', ') : 'none';
    out(`replay ${file}: ${meta.property}, ${steps} steps in lock scenario ${c.scenario.name}, kernel ${c.profile.name}, patches: ${patches}`);
    if (r.kind === 'holds') out(col.green(col.bold(`✓ ${meta.property} holds at every step: the trace no longer violates it`)));
    else {
      const where = r.step === steps ? `still fails at step ${r.step} of ${steps}` : `fails earlier, at step ${r.step} of ${steps}`;
      out(`${col.red(col.bold(`✗ ${meta.property} ${where}`))}: ${r.message}`);
      out('');
      for (const l of tellLockViolation(model, { property: meta.property, message: r.message, trace: r.trace })) out(l);
    }
  }
  process.exitCode = r.kind === 'violated' ? EXIT.violation : EXIT.verified;
}
