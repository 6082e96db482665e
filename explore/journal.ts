/**
 * The write journal: how a model steps a state in place and the engine takes it back.
 *
 * The fast engine (fast.ts) keeps one state vector. For each action the model writes the
 * successor into that vector through `write()`, which records each word's old value and
 * folds the change into a fingerprint delta. The engine reads the successor's fingerprint
 * as the parent's XOR the delta, and `undo()` restores the parent. Nothing is copied or
 * allocated unless the successor is new.
 */
import { wordHashHi, wordHashLo } from './fingerprint.ts';

export class Journal {
  #at = new Int32Array(64);
  #old = new Uint16Array(64);
  #length = 0;
  /** XOR of the fingerprint changes of every write since the last undo(). */
  deltaHi = 0;
  deltaLo = 0;

  /** Writes made since the last undo(). */
  get length(): number { return this.#length; }

  /** w[i] = v, recorded. */
  write(w: Uint16Array, i: number, v: number): void {
    const old = w[i]!;
    if (old === v) return;
    w[i] = v;
    if (w[i] !== v) throw new RangeError(`hpcheck bug: value ${v} does not fit state word ${i}`);
    if (this.#length === this.#at.length) this.#growLog();
    this.#at[this.#length] = i;
    this.#old[this.#length] = old;
    this.#length++;
    this.deltaHi ^= wordHashHi(i, old) ^ wordHashHi(i, v);
    this.deltaLo ^= wordHashLo(i, old) ^ wordHashLo(i, v);
  }

  /** True when a write since the last undo() went to a word i with `watched[i]` set. */
  touches(watched: Uint8Array): boolean {
    for (let k = 0; k < this.#length; k++) if (watched[this.#at[k]!] === 1) return true;
    return false;
  }

  /** Restores `w` to what it was before the writes, newest first, and clears the journal. */
  undo(w: Uint16Array): void {
    for (let k = this.#length - 1; k >= 0; k--) w[this.#at[k]!] = this.#old[k]!;
    this.clear();
  }

  /** Forgets the writes, keeping `w` as it is. */
  clear(): void {
    this.#length = 0;
    this.deltaHi = 0;
    this.deltaLo = 0;
  }

  #growLog(): void {
    const at = new Int32Array(2 * this.#at.length);
    const old = new Uint16Array(2 * this.#old.length);
    at.set(this.#at);
    old.set(this.#old);
    this.#at = at;
    this.#old = old;
  }
}
