/**
 * 64-bit state fingerprints and the visited set that holds them.
 *
 * A state is a vector of 16-bit words. Its fingerprint is the XOR, over every word, of a
 * 64-bit hash of (position, value), kept as two 32-bit halves. Because XOR undoes itself,
 * a step that rewrites a few words changes the fingerprint by the hashes of those words
 * alone (Zobrist hashing): the successor's fingerprint is known without reading the rest
 * of the state. See journal.ts.
 *
 * The visited set is an open-addressing table of (hi, lo) pairs on one Uint32Array, with
 * linear probing, doubling when it is 3/4 full. It holds no objects, so it costs the
 * garbage collector nothing and is not bound by V8's 2^24-entry limit on Map and Set.
 */

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** High half of the hash of word `i` holding `v`. */
export function wordHashHi(i: number, v: number): number {
  return fmix32(((i << 16) | v) ^ 0x9e3779b9);
}

/** Low half of the hash of word `i` holding `v`, independent of the high half. */
export function wordHashLo(i: number, v: number): number {
  return fmix32(Math.imul((i << 16) | v, 0x27d4eb2f) + 0x165667b1);
}

/** The fingerprint of a whole vector, as [hi, lo]. */
export function fingerprint(w: ArrayLike<number>): [number, number] {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    hi ^= wordHashHi(i, v);
    lo ^= wordHashLo(i, v);
  }
  return [hi >>> 0, lo >>> 0];
}

/**
 * collisionProbability() - chance that some state was wrongly taken for one already seen
 * @states: distinct fingerprints stored
 * @transitions: successors looked up in the set
 *
 * TLC's "optimistic" estimate: each of the (transitions - states) lookups that hit an
 * existing entry could have been a new state whose fingerprint matched one of the stored
 * ones, with probability states / 2^64.
 *
 * Return: the estimate, at most 1.
 */
export function collisionProbability(states: number, transitions: number): number {
  return Math.min(1, (states * Math.max(transitions - states, 0)) / 2 ** 64);
}

const INITIAL_CAPACITY = 1 << 12;

/**
 * contains() - look a fingerprint up in a table without changing it
 * @table: the slots of a FingerprintSet (see FingerprintSet.table), possibly shared
 * @hi: high half
 * @lo: low half
 *
 * For worker threads, which read the set between two BFS levels while nobody writes it.
 * Return: true when the fingerprint is stored.
 */
export function contains(table: Uint32Array, hi: number, lo: number): boolean {
  hi >>>= 0;
  lo >>>= 0;
  if (hi === 0 && lo === 0) lo = 1;
  const mask = (table.length >>> 1) - 1;
  for (let slot = hi & mask; ; slot = (slot + 1) & mask) {
    const h = table[2 * slot]!;
    const l = table[2 * slot + 1]!;
    if (h === 0 && l === 0) return false;
    if (h === hi && l === lo) return true;
  }
}

/** A Uint32Array on shared memory when `shared`, so worker threads can read it. */
const u32 = (length: number, shared: boolean): Uint32Array =>
  shared ? new Uint32Array(new SharedArrayBuffer(4 * length)) : new Uint32Array(length);

/** What the set does when a fingerprint is already present in exact mode. */
export interface ExactStore {
  /** True when the candidate state equals stored state `index`. */
  equals(index: number): boolean;
}

export class FingerprintSet {
  /** Slot k holds (hi, lo) at 2k, 2k + 1; (0, 0) is an empty slot. */
  #table: Uint32Array;
  readonly #shared: boolean;
  /** Exact mode only: slot k's state number + 1. */
  #index: Uint32Array | null;
  #mask = INITIAL_CAPACITY - 1;
  #size = 0;
  /** Exact mode: distinct states whose fingerprints matched a stored one. */
  collisions = 0;

  /**
   * @exact: keep each slot's state number, to compare states whose fingerprints match
   * @shared: keep the slots on shared memory, for contains() in worker threads
   */
  constructor(exact = false, shared = false) {
    this.#shared = shared;
    this.#table = u32(2 * INITIAL_CAPACITY, shared);
    this.#index = exact ? new Uint32Array(INITIAL_CAPACITY) : null;
  }

  get size(): number { return this.#size; }

  /** The slots, for contains(); a new array after the set grows. */
  get table(): Uint32Array { return this.#table; }

  /** Bytes held by the table. */
  get bytes(): number { return this.#table.byteLength + (this.#index?.byteLength ?? 0); }

  /**
   * add() - record a fingerprint
   * @hi: high half
   * @lo: low half
   * @index: the number the state gets if it is new
   * @store: exact mode only: compares the candidate with a stored state
   *
   * Return: true when the state is new. In exact mode equal fingerprints of different
   * states are counted in `collisions` and both states are kept.
   */
  add(hi: number, lo: number, index = 0, store?: ExactStore): boolean {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) lo = 1;
    const table = this.#table;
    const mask = this.#mask;
    let slot = hi & mask;
    for (;;) {
      const h = table[2 * slot]!;
      const l = table[2 * slot + 1]!;
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) {
        if (store === undefined || this.#index === null) return false;
        if (store.equals(this.#index[slot]! - 1)) return false;
        this.collisions++;
      }
      slot = (slot + 1) & mask;
    }
    table[2 * slot] = hi;
    table[2 * slot + 1] = lo;
    if (this.#index !== null) this.#index[slot] = index + 1;
    if (++this.#size * 4 > (mask + 1) * 3) this.#grow();
    return true;
  }

  #grow(): void {
    const old = this.#table;
    const oldIndex = this.#index;
    const capacity = 2 * (this.#mask + 1);
    const table = u32(2 * capacity, this.#shared);
    const index = oldIndex === null ? null : new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let k = 0; k < old.length; k += 2) {
      const hi = old[k]!;
      const lo = old[k + 1]!;
      if (hi === 0 && lo === 0) continue;
      let slot = hi & mask;
      while (table[2 * slot] !== 0 || table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = hi;
      table[2 * slot + 1] = lo;
      if (index !== null) index[slot] = oldIndex![k >> 1]!;
    }
    this.#table = table;
    this.#index = index;
    this.#mask = mask;
  }
}
