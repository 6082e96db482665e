/**
 * Replaying an action path by name: the core of `replay`, `shrink` and `view`, for any model.
 *
 * Names, not ids, are what a trace stores, so a path replays on another kernel (same
 * actions, other behaviour) and on a smaller layout (actions of what was dropped vanish).
 * A name may stand for several action ids (the lock model has one action per program step,
 * and the same call can appear at two places of a program); the first enabled one is taken.
 */
import type { Model, TraceStep } from './model.ts';

export type ReplayOutcome<S> =
  /** The property fails first at `step` (0 is the initial state); `trace` ends there. */
  | { readonly kind: 'violated'; readonly step: number; readonly message: string; readonly trace: TraceStep<S>[] }
  /** Every action ran and the property held at every step. */
  | { readonly kind: 'holds'; readonly trace: TraceStep<S>[] }
  /** Action `step` (1-based) could not run; `trace` holds the steps before it. */
  | { readonly kind: 'blocked'; readonly step: number; readonly action: string; readonly reason: string; readonly trace: TraceStep<S>[] };

/** What a replay says when a step cannot run, in the model's words. */
export interface ReplayExplainer<S> {
  /** Why no action of that name exists (for example: not on this layout). */
  readonly noSuchAction: string;
  /** Why action `id` is not enabled in `state`. */
  whyNotEnabled(state: S, id: number): string;
}

/** actionIds() - the action ids of `m` by name, each name's ids in ascending order. */
export function actionIds<S>(m: Model<S>): Map<string, number[]> {
  const ids = new Map<string, number[]>();
  for (let id = 0; id < m.actionCount; id++) {
    const name = m.actionName(id);
    const same = ids.get(name);
    if (same) same.push(id);
    else ids.set(name, [id]);
  }
  return ids;
}

/**
 * replayPath() - run `actions` from the first initial state and check `property` at every step.
 * @m: the model
 * @property: the name of one of `m.properties`
 * @actions: action names; an unknown name blocks the replay like a disabled action
 * @explain: the model's words for a step that cannot run
 * @ids: actionIds(m), when the caller replays many paths on one model
 *
 * Return: where the property first fails, or that it always holds, or the first action that
 * could not run and why.
 */
export function replayPath<S>(
  m: Model<S>, property: string, actions: readonly string[], explain: ReplayExplainer<S>, ids = actionIds(m),
): ReplayOutcome<S> {
  const prop = m.properties.find((p) => p.name === property);
  if (!prop) throw new Error(`hpcheck bug: the model does not check ${property}`);
  let state: S = m.initialStates()[0]!;
  const trace: TraceStep<S>[] = [{ actionId: null, action: null, state }];
  for (let step = 0; ; step++) {
    const message = prop.check(state);
    if (message !== null) return { kind: 'violated', step, message, trace };
    if (step === actions.length) return { kind: 'holds', trace };
    const name = actions[step]!;
    const candidates = ids.get(name);
    if (candidates === undefined) return { kind: 'blocked', step: step + 1, action: name, reason: explain.noSuchAction, trace };
    let next: S | null = null;
    let taken = -1;
    for (const id of candidates) {
      next = m.next(state, id);
      if (next !== null) { taken = id; break; }
    }
    if (next === null) return { kind: 'blocked', step: step + 1, action: name, reason: `not enabled: ${explain.whyNotEnabled(state, candidates[0]!)}`, trace };
    state = next;
    trace.push({ actionId: taken, action: name, state });
  }
}
