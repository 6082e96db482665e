/**
 * Simulation: random walks over a model, for systems too large to explore exhaustively, as
 * TLC's `-simulate` mode does. A walk is driven by a list of choices drawn by fast-check;
 * a violation is shrunk by fast-check to a minimal list, and the same seed always gives the
 * same walks, the same counterexample and the same shrinking.
 *
 * How a choice becomes an action: at each step the actions enabled in the current state
 * are listed in id order, and choice c takes the (c mod n)-th of the n enabled ones. A step
 * where only one action is enabled (a boot sequence) is taken without consuming a choice, so
 * the choices are exactly the decisions, and shrinking one towards 0 means "the first
 * enabled action". The walk ends when the choices run out, in a terminal state, or in a
 * state with no enabled action.
 *
 * The models come from an arbitrary, so a caller can let fast-check generate (and shrink)
 * the system itself, not only the walk: `fc.constant(model)` for one fixed model.
 *
 * Finding nothing proves nothing: the verdict is then `bounded`, never `verified`.
 */
import fc from 'fast-check';
import { Journal } from './journal.ts';
import { isVectorModel, type Model, type Property, type TraceStep, type VectorModel, type Violation } from './model.ts';

/** Consecutive single-choice steps after which a walk stops (a model that never branches again). */
const MAX_FORCED_STEPS = 10_000;

export interface SimulationOptions {
  /** Walks to try (fast-check's numRuns). */
  readonly runs: number;
  /** Most choices in one walk; steps where only one action is enabled do not count. */
  readonly depth: number;
  /** fast-check's seed: the same seed gives the same result. */
  readonly seed: number;
  /** fast-check's replay path of an earlier counterexample: re-runs it (and shrinks from there) at once. */
  readonly path?: string;
}

/** How one walk went. */
export interface WalkOutcome {
  /** Action ids taken, from the initial state. */
  readonly actions: readonly number[];
  /** Choices consumed (the rest of the list was not needed). */
  readonly chosen: number;
  /** For each choice consumed, the index among the enabled actions it picked (choice mod n). */
  readonly picks: readonly number[];
  readonly end: 'choices' | 'terminal' | 'deadlock' | 'violation' | 'forced-limit';
  /** The first property that failed, in the order given, and its message. */
  readonly violation: { readonly property: string; readonly message: string } | null;
}

export interface Counterexample<S, M extends Model<S>> {
  /** The model the walk ran on (the shrunk one, when the arbitrary generates models). */
  readonly model: M;
  /** The shrunk walk's decisions: at each step with a choice, the index among the enabled actions taken. */
  readonly choices: readonly number[];
  readonly violation: Violation<S>;
  /** Steps of the walk that first hit the violation, before shrinking. */
  readonly foundAtSteps: number;
}

export interface SimulationResult<S, M extends Model<S>> {
  readonly verdict: 'violation' | 'bounded';
  readonly seed: number;
  /** fast-check's path to the shrunk counterexample (null when nothing was found). */
  readonly path: string | null;
  /** Walks run to find the counterexample (all of them when nothing was found). */
  readonly walks: number;
  /** Actions taken in those walks. */
  readonly steps: number;
  /** Walks run while shrinking, and the actions they took. */
  readonly shrinkWalks: number;
  readonly shrinkSteps: number;
  /** Successful shrinks (fast-check's numShrinks). */
  readonly shrinks: number;
  readonly seconds: number;
  readonly counterexample: Counterexample<S, M> | null;
}

/** A position in a walk: the current state, the actions enabled in it, and a step. */
interface Cursor<S> {
  enabled(out: number[]): void;
  apply(id: number): void;
  terminal(): boolean;
  state(): S;
}

function vectorCursor(m: VectorModel): Cursor<Uint16Array> {
  const w = m.initialStates()[0]!.slice();
  const journal = new Journal();
  const stepper = m.stepper(w, journal);
  stepper.loaded();
  const enabled = stepper.enabled?.bind(stepper) ?? ((id: number) => {
    const ok = stepper.apply(id);
    journal.undo(w);
    return ok;
  });
  return {
    enabled: (out) => { for (let id = 0; id < m.actionCount; id++) if (enabled(id)) out.push(id); },
    apply: (id) => {
      if (!stepper.apply(id)) throw new Error(`hpcheck bug: action ${m.actionName(id)} was listed as enabled but did not run`);
      journal.clear();
      stepper.loaded();
    },
    terminal: () => stepper.isTerminal(),
    state: () => w,
  };
}

function modelCursor<S>(m: Model<S>): Cursor<S> {
  let state = m.initialStates()[0]!;
  const next = new Map<number, S>();
  return {
    enabled: (out) => {
      next.clear();
      for (let id = 0; id < m.actionCount; id++) {
        const s = m.next(state, id);
        if (s !== null) { next.set(id, s); out.push(id); }
      }
    },
    apply: (id) => { state = next.get(id)!; },
    terminal: () => m.isTerminal(state),
    state: () => state,
  };
}

function firstFailure<S>(properties: readonly Property<S>[], s: S): WalkOutcome['violation'] {
  for (const p of properties) {
    const message = p.check(s);
    if (message !== null) return { property: p.name, message };
  }
  return null;
}

/**
 * walk() - run one walk of `model`, checking `properties` in every state it reaches
 * @choices: the decisions; see the file comment for how a choice picks an action
 *
 * Return: the actions taken and why the walk ended.
 */
export function walk<S>(model: Model<S>, properties: readonly Property<S>[], choices: readonly number[]): WalkOutcome {
  const c = (isVectorModel(model) ? vectorCursor(model) : modelCursor(model)) as Cursor<S>;
  const actions: number[] = [];
  const picks: number[] = [];
  const enabled: number[] = [];
  let forced = 0;
  const end = (e: WalkOutcome['end'], violation: WalkOutcome['violation'] = null): WalkOutcome =>
    ({ actions, chosen: picks.length, picks, end: e, violation });
  for (;;) {
    const violation = firstFailure(properties, c.state());
    if (violation !== null) return end('violation', violation);
    if (c.terminal()) return end('terminal');
    enabled.length = 0;
    c.enabled(enabled);
    if (enabled.length === 0) return end('deadlock');
    let id: number;
    if (enabled.length === 1) {
      if (++forced > MAX_FORCED_STEPS) return end('forced-limit');
      id = enabled[0]!;
    } else {
      if (picks.length === choices.length) return end('choices');
      forced = 0;
      const k = choices[picks.length]! % enabled.length;
      picks.push(k);
      id = enabled[k]!;
    }
    c.apply(id);
    actions.push(id);
  }
}

/** The states of a walk's actions, rebuilt with `model.next()`: trace[0] is the initial state. */
export function walkTrace<S>(model: Model<S>, actions: readonly number[]): TraceStep<S>[] {
  let state: S = model.initialStates()[0]!;
  const trace: TraceStep<S>[] = [{ actionId: null, action: null, state }];
  for (const id of actions) {
    const next = model.next(state, id);
    if (next === null) throw new Error(`hpcheck bug: a walk's action ${model.actionName(id)} is not enabled on replay`);
    state = next;
    trace.push({ actionId: id, action: model.actionName(id), state });
  }
  return trace;
}

/**
 * simulate() - random walks with fast-check, shrinking the first violation found
 * @models: where the models come from: `fc.constant(m)` for one, or a generator of models
 *          (fast-check then shrinks the model as well as the walk)
 * @o: walks, depth, seed, and optionally the replay path of an earlier counterexample
 *
 * Each walk checks every property of its model (`model.properties`) in every state it
 * reaches. Once one fails, shrinking keeps to that property: a smaller walk that violates
 * another one instead is not taken as smaller.
 *
 * Return: the counterexample with its seed and path, or `bounded` with the walks and steps
 * that found nothing.
 */
export function simulate<S, M extends Model<S>>(models: fc.Arbitrary<M>, o: SimulationOptions): SimulationResult<S, M> {
  const started = performance.now();
  let target: string | null = null;
  let walks = 0;
  let steps = 0;
  let shrinkWalks = 0;
  let shrinkSteps = 0;
  let foundAtSteps = 0;
  let crash: unknown = null;
  const predicate = (m: M, choices: number[]): boolean => {
    const props = target === null ? m.properties : m.properties.filter((p) => p.name === target);
    let w: WalkOutcome;
    try {
      w = walk(m, props, choices);
    } catch (e) {
      crash ??= e;
      throw e;
    }
    if (target === null) { walks++; steps += w.actions.length; } else { shrinkWalks++; shrinkSteps += w.actions.length; }
    if (w.violation === null) return true;
    if (target === null) { target = w.violation.property; foundAtSteps = w.actions.length; }
    return false;
  };
  const choices = fc.array(fc.nat(), { maxLength: o.depth, size: 'max' });
  const details = fc.check(fc.property(models, choices, predicate), {
    seed: o.seed, numRuns: o.runs, ...(o.path === undefined ? {} : { path: o.path }),
  });
  // A model or engine that throws is a bug in hpcheck, not a counterexample.
  if (crash !== null) throw crash;
  const base = { seed: o.seed, walks, steps, shrinkWalks, shrinkSteps, shrinks: details.numShrinks };
  if (!details.failed || details.counterexample === null) {
    return { ...base, verdict: 'bounded', path: null, seconds: (performance.now() - started) / 1000, counterexample: null };
  }
  const [model, picked] = details.counterexample;
  const props = model.properties.filter((p) => p.name === target);
  const w = walk(model, props, picked);
  if (w.violation === null) throw new Error('hpcheck bug: the shrunk walk no longer fails');
  const violation: Violation<S> = { ...w.violation, trace: walkTrace(model, w.actions) };
  return {
    ...base,
    verdict: 'violation',
    path: details.counterexamplePath,
    seconds: (performance.now() - started) / 1000,
    counterexample: { model, choices: w.picks, violation, foundAtSteps },
  };
}
