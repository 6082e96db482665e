/**
 * The lock model as a `VectorModel` for the generic engine (explore/model.ts): two or three
 * kernel threads, each running a kernel path as a program of lock operations; the explorer
 * chooses every interleaving.
 *
 * An action is one step of one thread at one program counter, with its outcome (0: the
 * step's effect; 1: its failure, where the kernel can fail there). Its name says which
 * thread runs what.
 */
import type { Journal } from '../../explore/journal.ts';
import type { Property, Stepper, VectorModel } from '../../explore/model.ts';
import type { LockPropertyDef, LockView } from './property.ts';
import { BLOCK_NAMES, MEM_NAMES, RES, RET_NAMES, type Block } from './locks.ts';
import { edges } from './lockdep.ts';
import type { Program, Step } from './program.ts';
import { applyLockPatches, type LockBehaviour, type LockPatch, type LockProfile } from './profiles.ts';
import type { LockScenario } from './scenarios.ts';
import { LockLayout, LockState, MAX_STEPS, stateKey } from './state.ts';
import { applyStep, finished, waitingFor } from './step.ts';

export interface LockConfig {
  readonly scenario: LockScenario;
  readonly profile: LockProfile;
  readonly patches: readonly LockPatch[];
  readonly properties: readonly LockPropertyDef[];
}

export class LockModel implements VectorModel {
  readonly kb: LockBehaviour;
  readonly programs: readonly Program[];
  readonly L: LockLayout;
  readonly wordBits: readonly number[];
  readonly properties: readonly Property<Uint16Array>[];
  /** Program counters per thread in the action numbering: the longest program. */
  readonly #span: number;

  constructor(readonly config: LockConfig) {
    this.kb = applyLockPatches(config.profile, config.patches);
    this.programs = config.scenario.threads(this.kb);
    this.L = new LockLayout(this.programs.length);
    this.wordBits = this.L.wordBits();
    this.#span = Math.max(...this.programs.map((p) => p.steps.length));
    if (this.#span > MAX_STEPS) throw new Error(`hpcheck bug: a program has ${this.#span} steps`);
    const checked = new LockState(this.L, new Uint16Array(this.L.words));
    const view: LockView = { s: checked, programs: this.programs };
    this.properties = config.properties.map((p) => ({
      name: p.name,
      statement: p.statement,
      check: (w: Uint16Array) => { checked.bind(w, null); return p.check(view); },
    }));
  }

  /** The thread, program counter and outcome an action id stands for. */
  decodeAction(id: number): { thread: number; pc: number; outcome: number } {
    return { thread: Math.floor(id / (2 * this.#span)), pc: Math.floor(id / 2) % this.#span, outcome: id % 2 };
  }

  /** The program step an action id runs. */
  stepOf(id: number): Step {
    const { thread, pc } = this.decodeAction(id);
    return this.programs[thread]!.steps[pc]!;
  }

  get actionCount(): number { return this.programs.length * this.#span * 2; }

  actionName(id: number): string {
    const { thread, pc, outcome } = this.decodeAction(id);
    const step = this.programs[thread]!.steps[pc];
    if (step === undefined) return `T${thread}: (no step ${pc})`;
    const failure = outcome === 1 ? ` -> ${step.taken ?? RET_NAMES[(step.op as { mayFail: number }).mayFail]}` : '';
    return `T${thread} ${step.stack[0]}: ${step.text}${failure}`;
  }

  #apply(s: LockState, id: number): boolean {
    const { thread, pc, outcome } = this.decodeAction(id);
    if (s.pc(thread) !== pc) return false;
    return applyStep(s, this.programs[thread]!, thread, outcome);
  }

  stepper(w: Uint16Array, journal: Journal): Stepper {
    const s = new LockState(this.L, w).bind(w, journal);
    return {
      loaded: () => undefined,
      apply: (id: number) => this.#apply(s, id),
      isTerminal: () => s.bug() >= 0,
    };
  }

  initialStates(): readonly Uint16Array[] {
    const s = new LockState(this.L, new Uint16Array(this.L.words));
    this.config.scenario.blocks.forEach((m, b) => s.setBlock(b as Block, m));
    return [s.w];
  }

  next(w: Uint16Array, id: number): Uint16Array | null {
    const s = new LockState(this.L, w.slice());
    return this.#apply(s, id) ? s.w : null;
  }

  isTerminal(w: Uint16Array): boolean { return new LockState(this.L, w).bug() >= 0; }

  key(w: Uint16Array): string { return stateKey(w); }

  view(w: Uint16Array): LockView { return { s: new LockState(this.L, w), programs: this.programs }; }

  /** The state in kernel words: each thread's place, held locks and wait; blocks; lockdep's graph. */
  toJSON(w: Uint16Array): Record<string, unknown> {
    const s = new LockState(this.L, w);
    return {
      threads: this.programs.map((p, t) => {
        const wait = waitingFor(s, p, t);
        const step = p.steps[s.pc(t)];
        return {
          task: p.task,
          command: p.command,
          pc: s.pc(t),
          at: finished(p, s.pc(t)) ? 'returned' : `${step!.stack[0]}: ${step!.text}`,
          ret: RET_NAMES[s.ret(t)],
          held: s.heldList(t).map((h) => `${RES[h.res]!.lockdep}${h.trylock ? ' (trylock)' : ''}`),
          waiting: wait === null ? null : RES[wait.res]!.lockdep,
        };
      }),
      blocks: Object.fromEntries(BLOCK_NAMES.map((n, b) => [n, MEM_NAMES[s.block(b as Block)]])),
      deactivated: RES.flatMap((r, i) => (r.kernfs && s.deactivated(i) ? [r.lockdep] : [])),
      lockdep: edges(s).map(([a, b]) => `${RES[a]!.lockdep} -> ${RES[b]!.lockdep}`),
      imbalance: s.bad().kind !== 0,
      bug: s.bug() >= 0 ? `T${s.bug()}` : null,
    };
  }
}
