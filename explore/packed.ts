/**
 * Compact storage for the fast engine: bit-packed states, a FIFO of them, and growable
 * columns of small integers. Everything lives in typed-array chunks, so memory grows by a
 * chunk at a time, nothing is ever copied to grow, and the garbage collector sees a few
 * large buffers instead of millions of objects.
 */

/**
 * Where each word of a state vector sits in the packed form: `wordBits[i]` bits of a
 * 32-bit cell. A word never straddles two cells.
 */
export class PackedLayout {
  /** 32-bit cells per packed state. */
  readonly cells: number;
  readonly #cell: Uint16Array;
  readonly #shift: Uint8Array;
  readonly #mask: Uint32Array;

  constructor(readonly wordBits: readonly number[]) {
    const n = wordBits.length;
    this.#cell = new Uint16Array(n);
    this.#shift = new Uint8Array(n);
    this.#mask = new Uint32Array(n);
    let cell = 0;
    let used = 0;
    for (let i = 0; i < n; i++) {
      const bits = wordBits[i]!;
      if (!Number.isInteger(bits) || bits < 1 || bits > 16) {
        throw new RangeError(`hpcheck bug: state word ${i} has ${bits} bits; each word needs 1 to 16`);
      }
      if (used + bits > 32) {
        cell++;
        used = 0;
      }
      this.#cell[i] = cell;
      this.#shift[i] = used;
      this.#mask[i] = (1 << bits) - 1;
      used += bits;
    }
    this.cells = n === 0 ? 0 : cell + 1;
  }

  get words(): number { return this.wordBits.length; }

  /** Packs `w` into `out` at `at`; throws if a word holds more bits than declared. */
  pack(w: Uint16Array, out: Uint32Array, at: number): void {
    out.fill(0, at, at + this.cells);
    const cell = this.#cell;
    const shift = this.#shift;
    const mask = this.#mask;
    for (let i = 0; i < w.length; i++) {
      const v = w[i]!;
      if ((v & mask[i]!) !== v) {
        throw new RangeError(`hpcheck bug: state word ${i} holds ${v}, wider than its ${this.wordBits[i]} bits`);
      }
      const c = at + cell[i]!;
      out[c] = out[c]! | (v << shift[i]!);
    }
  }

  /** Unpacks the state at `at` of `from` into `w`. */
  unpack(from: Uint32Array, at: number, w: Uint16Array): void {
    const cell = this.#cell;
    const shift = this.#shift;
    const mask = this.#mask;
    for (let i = 0; i < w.length; i++) w[i] = (from[at + cell[i]!]! >>> shift[i]!) & mask[i]!;
  }

  /** True when the packed states at `a` of `x` and `b` of `y` are equal. */
  equal(x: Uint32Array, a: number, y: Uint32Array, b: number): boolean {
    for (let c = 0; c < this.cells; c++) if (x[a + c] !== y[b + c]) return false;
    return true;
  }
}

const CHUNK_SHIFT = 16;
const CHUNK = 1 << CHUNK_SHIFT;

/** A growable array of records of `width` 32-bit cells, in chunks of 65536 records. */
export class RecordColumn {
  readonly #chunks: Uint32Array[] = [];
  #length = 0;

  constructor(readonly width: number) {}

  get length(): number { return this.#length; }
  get bytes(): number { return this.#chunks.length * CHUNK * this.width * 4; }

  /** Appends a record and returns its number; `chunk()` and `offset()` locate its cells. */
  push(): number {
    const n = this.#length++;
    if ((n & (CHUNK - 1)) === 0) this.#chunks.push(new Uint32Array(CHUNK * this.width));
    return n;
  }

  chunk(n: number): Uint32Array { return this.#chunks[n >>> CHUNK_SHIFT]!; }
  offset(n: number): number { return (n & (CHUNK - 1)) * this.width; }
}

/** A growable column of unsigned integers below 2^bits, for bits 8, 16 or 32. */
export class IntColumn {
  readonly #chunks: (Uint8Array | Uint16Array | Uint32Array)[] = [];
  readonly #make: (n: number) => Uint8Array | Uint16Array | Uint32Array;
  #length = 0;

  constructor(readonly bits: 8 | 16 | 32) {
    this.#make = bits === 8 ? (n) => new Uint8Array(n) : bits === 16 ? (n) => new Uint16Array(n) : (n) => new Uint32Array(n);
  }

  get length(): number { return this.#length; }
  get bytes(): number { return this.#chunks.length * CHUNK * (this.bits / 8); }

  push(v: number): void {
    const n = this.#length++;
    if ((n & (CHUNK - 1)) === 0) this.#chunks.push(this.#make(CHUNK));
    this.#chunks[n >>> CHUNK_SHIFT]![n & (CHUNK - 1)] = v;
  }

  get(n: number): number {
    if (n < 0 || n >= this.#length) throw new RangeError(`hpcheck bug: column index ${n} out of range`);
    return this.#chunks[n >>> CHUNK_SHIFT]![n & (CHUNK - 1)]!;
  }
}

/** The smallest IntColumn width that holds values below `limit`. */
export const bitsFor = (limit: number): 8 | 16 | 32 => (limit <= 0x100 ? 8 : limit <= 0x10000 ? 16 : 32);

const QUEUE_CHUNK = 1 << 12;

/**
 * The BFS frontier: a FIFO of packed states, each with its 64-bit fingerprint, in chunks
 * of 4096 that are dropped as soon as they have been read. Its memory follows the size of
 * the frontier, not of the state space.
 */
export class StateQueue {
  readonly #record: number;
  readonly #chunks: Uint32Array[] = [];
  #headChunk = 0;
  #head = 0;
  #tail = 0;
  #peakChunks = 0;
  /** The fingerprint of the state last taken by shift(). */
  hi = 0;
  lo = 0;

  constructor(readonly layout: PackedLayout) {
    this.#record = layout.cells + 2;
  }

  get size(): number { return this.#tail - this.#head; }
  /** Bytes of the largest the queue has been. */
  get peakBytes(): number { return this.#peakChunks * QUEUE_CHUNK * this.#record * 4; }

  push(w: Uint16Array, hi: number, lo: number): void {
    const n = this.#tail++;
    const local = n % QUEUE_CHUNK;
    if (local === 0) {
      this.#chunks.push(new Uint32Array(QUEUE_CHUNK * this.#record));
      const live = this.#chunks.length - this.#headChunk;
      if (live > this.#peakChunks) this.#peakChunks = live;
    }
    const chunk = this.#chunks[this.#chunks.length - 1]!;
    const at = local * this.#record;
    this.layout.pack(w, chunk, at);
    chunk[at + this.#record - 2] = hi;
    chunk[at + this.#record - 1] = lo;
  }

  /** Takes the oldest state into `w`, and its fingerprint into `hi`, `lo`. */
  shift(w: Uint16Array): void {
    if (this.#head === this.#tail) throw new RangeError('hpcheck bug: shift() on an empty queue');
    const local = this.#head % QUEUE_CHUNK;
    const chunk = this.#chunks[this.#headChunk]!;
    const at = local * this.#record;
    this.layout.unpack(chunk, at, w);
    this.hi = chunk[at + this.#record - 2]!;
    this.lo = chunk[at + this.#record - 1]!;
    this.#head++;
    if (local === QUEUE_CHUNK - 1) {
      this.#chunks[this.#headChunk] = EMPTY;
      this.#headChunk++;
    }
  }
}

const EMPTY = new Uint32Array(0);
