/**
 * The lock model's state as a fixed-width vector of 16-bit words; the only module that knows
 * where each field lives.
 *
 * Per thread: the program counter, the return value it carries, and its held-lock stack
 * (lockdep's `curr->held_locks`: the lock, whether it was a trylock, whether read). Then the
 * memory blocks, which kernfs nodes are deactivated, the first lock imbalance, a BUG(), and
 * the lockdep dependency graph recorded so far (one bit per "B taken while holding A").
 */
import type { Journal } from '../../explore/journal.ts';
import { BLOCK_COUNT, RES_COUNT, type Block, type Mem, type Res, type Ret } from './locks.ts';

export const MAX_THREADS = 3;
/** Deepest held-lock stack of any path (the v5.1 unbind holds 6). */
export const STACK = 8;
const PC_BITS = 7;
export const MAX_STEPS = (1 << PC_BITS) - 1;

const T_PC = 0;
const T_RET = 1;
const T_DEPTH = 2;
const T_STACK = 3;
const THREAD_WORDS = T_STACK + STACK;

const EDGE_WORDS = Math.ceil((RES_COUNT * RES_COUNT) / 16);

/** A held-lock entry: the lock, and how it was taken. */
export interface Held { readonly res: Res; readonly trylock: boolean; readonly read: boolean }

/** The first lock imbalance: an unlock of a lock the thread does not hold, or a return to user space holding one. */
export const enum Bad { NONE = 0, UNLOCK_NOT_HELD = 1, EXIT_HOLDING = 2 }

export class LockLayout {
  readonly words: number;
  readonly blockAt: number;
  readonly deactAt: number;
  readonly badAt: number;
  readonly bugAt: number;
  readonly edgeAt: number;

  constructor(readonly threads: number) {
    if (threads < 1 || threads > MAX_THREADS) throw new Error(`hpcheck bug: ${threads} threads`);
    this.blockAt = threads * THREAD_WORDS;
    this.deactAt = this.blockAt + BLOCK_COUNT;
    this.badAt = this.deactAt + 1;
    this.bugAt = this.badAt + 1;
    this.edgeAt = this.bugAt + 1;
    this.words = this.edgeAt + EDGE_WORDS;
  }

  wordBits(): number[] {
    const bits: number[] = [];
    for (let t = 0; t < this.threads; t++) bits.push(PC_BITS, 3, 4, ...Array<number>(STACK).fill(6));
    bits.push(...Array<number>(BLOCK_COUNT).fill(2), RES_COUNT, 2 + PC_BITS + 2, 2);
    for (let i = 0; i < EDGE_WORDS; i++) bits.push(Math.min(16, RES_COUNT * RES_COUNT - 16 * i));
    return bits;
  }
}

/** A view over one state vector; writes go through the journal when bound to one. */
export class LockState {
  #journal: Journal | null = null;

  constructor(readonly L: LockLayout, public w: Uint16Array) {}

  bind(w: Uint16Array, journal: Journal | null): this {
    this.w = w;
    this.#journal = journal;
    return this;
  }

  #set(i: number, v: number): void {
    if (this.#journal === null) this.w[i] = v;
    else this.#journal.write(this.w, i, v);
  }

  #t(t: number, f: number): number { return t * THREAD_WORDS + f; }

  pc(t: number): number { return this.w[this.#t(t, T_PC)]!; }
  setPc(t: number, pc: number): void { this.#set(this.#t(t, T_PC), pc); }
  ret(t: number): Ret { return this.w[this.#t(t, T_RET)]! as Ret; }
  setRet(t: number, r: Ret): void { this.#set(this.#t(t, T_RET), r); }
  depth(t: number): number { return this.w[this.#t(t, T_DEPTH)]!; }

  held(t: number, i: number): Held {
    const e = this.w[this.#t(t, T_STACK + i)]!;
    return { res: (e & 15) as Res, trylock: (e & 16) !== 0, read: (e & 32) !== 0 };
  }

  heldList(t: number): Held[] {
    return Array.from({ length: this.depth(t) }, (_, i) => this.held(t, i));
  }

  /** The index of `res` in thread t's stack, or -1. */
  indexOf(t: number, res: Res): number {
    for (let i = this.depth(t) - 1; i >= 0; i--) if ((this.w[this.#t(t, T_STACK + i)]! & 15) === res) return i;
    return -1;
  }

  push(t: number, h: Held): void {
    const d = this.depth(t);
    if (d === STACK) throw new Error(`hpcheck bug: thread ${t} holds more than ${STACK} locks`);
    this.#set(this.#t(t, T_STACK + d), h.res | (h.trylock ? 16 : 0) | (h.read ? 32 : 0));
    this.#set(this.#t(t, T_DEPTH), d + 1);
  }

  /** Removes entry i, closing the gap (lockdep's __lock_release re-adds the ones above it). */
  removeAt(t: number, i: number): void {
    const d = this.depth(t);
    for (let j = i; j < d - 1; j++) this.#set(this.#t(t, T_STACK + j), this.w[this.#t(t, T_STACK + j + 1)]!);
    this.#set(this.#t(t, T_STACK + d - 1), 0);
    this.#set(this.#t(t, T_DEPTH), d - 1);
  }

  /** The threads holding `res`, as a bit mask, and whether any holds it for write. */
  holders(res: Res): { mask: number; writer: boolean } {
    let mask = 0;
    let writer = false;
    for (let t = 0; t < this.L.threads; t++) {
      const i = this.indexOf(t, res);
      if (i < 0) continue;
      mask |= 1 << t;
      if (!this.held(t, i).read) writer = true;
    }
    return { mask, writer };
  }

  block(b: Block): Mem { return this.w[this.L.blockAt + b]! as Mem; }
  setBlock(b: Block, m: Mem): void { this.#set(this.L.blockAt + b, m); }

  deactivated(res: Res): boolean { return (this.w[this.L.deactAt]! & (1 << res)) !== 0; }
  deactivate(res: Res): void { this.#set(this.L.deactAt, this.w[this.L.deactAt]! | (1 << res)); }

  /** The first imbalance: kind, thread and the step where it happened. */
  bad(): { kind: Bad; thread: number; pc: number } {
    const v = this.w[this.L.badAt]!;
    return { kind: (v & 3) as Bad, thread: (v >> 2) & 3, pc: v >> 4 };
  }
  setBad(kind: Bad, thread: number, pc: number): void {
    if (this.bad().kind === Bad.NONE) this.#set(this.L.badAt, kind | (thread << 2) | (pc << 4));
  }

  /** The thread that hit BUG(), or -1. */
  bug(): number { return this.w[this.L.bugAt]! - 1; }
  setBug(t: number): void { this.#set(this.L.bugAt, t + 1); }

  hasEdge(from: Res, to: Res): boolean {
    const i = from * RES_COUNT + to;
    return (this.w[this.L.edgeAt + (i >> 4)]! & (1 << (i & 15))) !== 0;
  }
  addEdge(from: Res, to: Res): void {
    const i = from * RES_COUNT + to;
    const at = this.L.edgeAt + (i >> 4);
    this.#set(at, this.w[at]! | (1 << (i & 15)));
  }
}
