/**
 * The hotplug state as a fixed-width vector of 16-bit words. This is the only module that
 * knows where each field lives; everything else goes through the accessors of `Kstate`.
 *
 * A state is immutable once built: the model copies the vector, mutates the copy through a
 * `Kstate` view, and hands the copy on. Two states are equal iff their words are equal.
 */
import type { Journal } from '../explore/journal.ts';
import type { Geometry } from './geometry.ts';

export type StateVector = Uint16Array;

/** `system_state` (include/linux/kernel.h). SYSTEM_BOOTING is 0, as in the kernel. */
export const enum SystemState { BOOTING = 0, SCHEDULING = 1, RUNNING = 2 }
export const SYSTEM_STATE_NAMES = ['SYSTEM_BOOTING', 'SYSTEM_SCHEDULING', 'SYSTEM_RUNNING'] as const;

/** Zones the model distinguishes. Model: boot memory lives in ZONE_NORMAL (no DMA/DMA32). */
export const enum Zone { NONE = 0, NORMAL = 1, MOVABLE = 2, DEVICE = 3 }
export const ZONE_NAMES = ['none', 'Normal', 'Movable', 'Device'] as const;

/** Per-subsection memmap state: absent, poisoned or initialised (docs/kernel-semantics.md#the-state-the-model-tracks). */
export const enum Memmap { ABSENT = 0, POISONED = 1, INIT_RESERVED = 2, ONLINE = 3, DEVICE_INIT = 4 }
export const MEMMAP_NAMES = ['absent', 'poisoned', 'init_reserved', 'online', 'device_init'] as const;

/** mem_section flags (include/linux/mmzone.h), plus USAGE for "ms->usage is allocated". */
export const SECTION_MARKED_PRESENT = 1;
export const SECTION_HAS_MEM_MAP = 2;
export const SECTION_IS_ONLINE = 4;
export const SECTION_IS_EARLY = 8;
export const SECTION_USAGE = 16;

/** node_states bits, plus the sysfs node device. */
export const N_ONLINE = 1;
export const NODE_REGISTERED = 2;
export const N_MEMORY = 4;

export const NUMA_NO_NODE = 15;

/** Memory block device state: absent (no device), MEM_OFFLINE or MEM_ONLINE. */
export const enum BlockState { ABSENT = 0, MEM_OFFLINE = 1, MEM_ONLINE = 2 }
export const BLOCK_STATE_NAMES = ['absent', 'offline', 'online'] as const;

/** The set bits of a node mask, ascending. */
export function maskBits(mask: number): number[] {
  const bits: number[] = [];
  for (let i = 0; mask >> i !== 0; i++) if (mask & (1 << i)) bits.push(i);
  return bits;
}

const G_SYSTEM_STATE = 0;
const G_BOOT_PC = 1;
const G_ERRNO = 2;
const G_BUG = 3;
const G_BUG_ARG = 4;
const G_BADREAD = 5;
const G_BADREAD_ARG = 6;
const G_ZONES_CHANGED = 7;
const G_ZONES_CHANGED_ARG = 8;
const GLOBAL_WORDS = 9;

const NODE_WORDS = 9; // flags, span start/end, 3 zones x start/end
const SECTION_FIXED_WORDS = 2; // flags|nid<<8, subsection_map
const BLOCK_WORDS = 3; // info, memoryN/nodeM mask, nodeM/memoryN mask

export interface StateLayout {
  readonly nodeBase: number;
  readonly sectionBase: number;
  readonly sectionWords: number;
  readonly blockBase: number;
  readonly dimmBase: number;
  readonly pmemBase: number;
  readonly words: number;
}

export function stateLayout(g: Geometry): StateLayout {
  const nodeBase = GLOBAL_WORDS;
  const sectionBase = nodeBase + g.nrNodeSlots * NODE_WORDS;
  const sectionWords = SECTION_FIXED_WORDS + g.subsPerSection;
  const blockBase = sectionBase + g.nrSections * sectionWords;
  const dimmBase = blockBase + g.nrBlocks * BLOCK_WORDS;
  const pmemBase = dimmBase + g.layout.dimms.length;
  const words = pmemBase + g.layout.pmem.length;
  return { nodeBase, sectionBase, sectionWords, blockBase, dimmBase, pmemBase, words };
}

/** Marks the words a lifecycle chart watches: system_state, each node's flags, each block's state. */
export function lifecycleWords(g: Geometry, L: StateLayout): Uint8Array {
  const watched = new Uint8Array(L.words);
  watched[G_SYSTEM_STATE] = 1;
  for (let nid = 0; nid < g.nrNodeSlots; nid++) watched[L.nodeBase + nid * NODE_WORDS] = 1;
  for (let b = 0; b < g.nrBlocks; b++) watched[L.blockBase + b * BLOCK_WORDS] = 1;
  return watched;
}

/** Bits needed for the values 0 .. max. */
const bitsFor = (max: number): number => Math.max(1, Math.ceil(Math.log2(max + 1)));

/**
 * The width in bits of every word of the state, for the engine's bit-packed queue. The
 * engine checks each word against its width, so a width too small fails loudly.
 */
export function wordBits(g: Geometry, L: StateLayout): number[] {
  const bits = new Array<number>(L.words).fill(0);
  const sub = bitsFor(g.nrSubs);
  const nodeMask = Math.max(1, g.nrNodeSlots);
  const bugArg = bitsFor(Math.max(g.nrSubs, g.nrBlocks, NUMA_NO_NODE));
  // system_state, boot pc (3 steps, one per boot node, kernel_init), errno (< 32),
  // bug code and its argument, bad-read code and its subsection, zones-changed block + 1
  // and the packed before/after valid_zones (8 bits each).
  const global = [2, bitsFor(4 + g.bootNodeIds.length), 5, 8, bugArg, 8, sub, bitsFor(g.nrBlocks), 16];
  global.forEach((b, i) => { bits[i] = b; });
  for (let nid = 0; nid < g.nrNodeSlots; nid++) {
    const at = L.nodeBase + nid * NODE_WORDS;
    bits[at] = 3; // N_ONLINE | NODE_REGISTERED | N_MEMORY
    for (let k = 1; k < NODE_WORDS; k++) bits[at + k] = sub;
  }
  for (let sec = 0; sec < g.nrSections; sec++) {
    const at = L.sectionBase + sec * L.sectionWords;
    bits[at] = 12; // flags in bits 0-4, nid in bits 8-11
    bits[at + 1] = g.subsPerSection;
    for (let k = 0; k < g.subsPerSection; k++) bits[at + SECTION_FIXED_WORDS + k] = 9; // state 3, zone 2, nid 4
  }
  for (let b = 0; b < g.nrBlocks; b++) {
    const at = L.blockBase + b * BLOCK_WORDS;
    bits[at] = 10; // state 2, nid 4 at bit 4, zone 2 at bit 8
    bits[at + 1] = nodeMask;
    bits[at + 2] = nodeMask;
  }
  for (let i = L.dimmBase; i < L.words; i++) bits[i] = 1;
  return bits;
}

/** A zone or node span in subsections, half-open; empty spans are stored as (0, 0). */
export interface Span { readonly start: number; readonly end: number }
export const spanEmpty = (s: Span): boolean => s.end <= s.start;

/**
 * Typed accessors over one state vector. Mutating methods must only be used on a fresh copy,
 * or on the fast engine's vector through a journal (`bind`), which records every write.
 */
export class Kstate {
  #journal: Journal | null = null;

  constructor(readonly g: Geometry, readonly L: StateLayout, public w: StateVector) {}

  /** Makes this view read and write `w`, with every write recorded in `journal`. */
  bind(w: StateVector, journal: Journal | null): this {
    this.w = w;
    this.#journal = journal;
    return this;
  }

  /** The one place a word of the state is written. */
  private put(i: number, v: number): void {
    if (this.#journal === null) this.w[i] = v;
    else this.#journal.write(this.w, i, v);
  }

  static initial(g: Geometry, L: StateLayout): Kstate {
    const w = new Uint16Array(L.words);
    const k = new Kstate(g, L, w);
    for (let b = 0; b < g.nrBlocks; b++) k.setBlockNid(b, NUMA_NO_NODE);
    for (let s = 0; s < g.nrSections; s++) k.setSectionNid(s, NUMA_NO_NODE);
    return k;
  }

  copy(): Kstate {
    return new Kstate(this.g, this.L, this.w.slice());
  }

  // --- global -----------------------------------------------------------------------------
  get systemState(): SystemState { return this.w[G_SYSTEM_STATE]!; }
  set systemState(v: SystemState) { this.put(G_SYSTEM_STATE, v); }
  /** How many boot steps have run (see model/init.ts). */
  get bootPc(): number { return this.w[G_BOOT_PC]!; }
  set bootPc(v: number) { this.put(G_BOOT_PC, v); }
  /** The errno (positive) of the last sysfs write or hotplug request, 0 for success. */
  get errno(): number { return this.w[G_ERRNO]!; }
  set errno(v: number) { this.put(G_ERRNO, v); }
  /** A BUG_ON, oops or page fault that stopped the kernel: a BugCode (model/bugs.ts), 0 for none. */
  get bug(): number { return this.w[G_BUG]!; }
  get bugArg(): number { return this.w[G_BUG_ARG]!; }
  setBug(code: number, arg: number): void {
    if (this.w[G_BUG] !== 0) return;
    this.put(G_BUG, code);
    this.put(G_BUG_ARG, arg);
  }
  /** The first read of a poisoned or absent memmap: a ReadCode (model/bugs.ts), 0 for none. */
  get badRead(): number { return this.w[G_BADREAD]!; }
  get badReadSub(): number { return this.w[G_BADREAD_ARG]!; }
  setBadRead(code: number, sub: number): void {
    if (this.w[G_BADREAD] !== 0) return;
    this.put(G_BADREAD, code);
    this.put(G_BADREAD_ARG, sub);
  }
  /** Set by the last add_memory when it changed another block's valid_zones: block + 1, 0 for none. */
  get zonesChangedBlock(): number { return this.w[G_ZONES_CHANGED]! - 1; }
  /** Packed before/after valid_zones of that block (see model/memory.ts). */
  get zonesChangedArg(): number { return this.w[G_ZONES_CHANGED_ARG]!; }
  setZonesChanged(block: number, arg: number): void {
    this.put(G_ZONES_CHANGED, block + 1);
    this.put(G_ZONES_CHANGED_ARG, arg);
  }

  // --- nodes (indexed by node id) ---------------------------------------------------------
  private nodeAt(nid: number): number { return this.L.nodeBase + nid * NODE_WORDS; }
  nodeFlags(nid: number): number { return this.w[this.nodeAt(nid)]!; }
  setNodeFlag(nid: number, flag: number, on: boolean): void {
    const i = this.nodeAt(nid);
    this.put(i, on ? this.w[i]! | flag : this.w[i]! & ~flag);
  }
  nodeOnline(nid: number): boolean { return (this.nodeFlags(nid) & N_ONLINE) !== 0; }
  nodeRegistered(nid: number): boolean { return (this.nodeFlags(nid) & NODE_REGISTERED) !== 0; }
  nodeHasMemory(nid: number): boolean { return (this.nodeFlags(nid) & N_MEMORY) !== 0; }
  nodeSpan(nid: number): Span { return this.span(this.nodeAt(nid) + 1); }
  setNodeSpan(nid: number, s: Span): void { this.setSpan(this.nodeAt(nid) + 1, s); }
  zoneSpan(nid: number, zone: Zone): Span { return this.span(this.nodeAt(nid) + 1 + 2 * zone); }
  setZoneSpan(nid: number, zone: Zone, s: Span): void { this.setSpan(this.nodeAt(nid) + 1 + 2 * zone, s); }

  private span(i: number): Span {
    return { start: this.w[i]!, end: this.w[i + 1]! };
  }
  private setSpan(i: number, s: Span): void {
    const empty = spanEmpty(s);
    this.put(i, empty ? 0 : s.start);
    this.put(i + 1, empty ? 0 : s.end);
  }

  // --- sections -----------------------------------------------------------------------------
  private sectionAt(sec: number): number { return this.L.sectionBase + sec * this.L.sectionWords; }
  sectionFlags(sec: number): number { return this.w[this.sectionAt(sec)]! & 0xff; }
  setSectionFlags(sec: number, flags: number): void {
    const i = this.sectionAt(sec);
    this.put(i, (this.w[i]! & 0xff00) | flags);
  }
  sectionHas(sec: number, flag: number): boolean { return (this.sectionFlags(sec) & flag) !== 0; }
  setSectionFlag(sec: number, flag: number, on: boolean): void {
    const f = this.sectionFlags(sec);
    this.setSectionFlags(sec, on ? f | flag : f & ~flag);
  }
  /** The nid stored in the section (set_section_nid / early nid), NUMA_NO_NODE if none. */
  sectionNid(sec: number): number { return this.w[this.sectionAt(sec)]! >> 8; }
  setSectionNid(sec: number, nid: number): void {
    const i = this.sectionAt(sec);
    this.put(i, (this.w[i]! & 0xff) | (nid << 8));
  }
  /** ms->usage->subsection_map: bit i = subsection i of the section is populated. */
  subsectionMap(sec: number): number { return this.w[this.sectionAt(sec) + 1]!; }
  setSubsectionMap(sec: number, map: number): void { this.put(this.sectionAt(sec) + 1, map); }

  // --- memmap (per subsection) ------------------------------------------------------------------
  private memmapAt(sub: number): number {
    const sec = Math.floor(sub / this.g.subsPerSection);
    return this.sectionAt(sec) + SECTION_FIXED_WORDS + (sub - sec * this.g.subsPerSection);
  }
  memmap(sub: number): Memmap { return this.w[this.memmapAt(sub)]! & 7; }
  /** The zone the memmap's page links name (meaningful for INIT_RESERVED, ONLINE, DEVICE_INIT). */
  memmapZone(sub: number): Zone { return (this.w[this.memmapAt(sub)]! >> 3) & 3; }
  /** The nid the memmap's page flags name (meaningful for INIT_RESERVED, ONLINE, DEVICE_INIT). */
  memmapNid(sub: number): number { return (this.w[this.memmapAt(sub)]! >> 5) & 15; }
  /** An absent or poisoned memmap names no nid or zone, so it is stored in one canonical form. */
  setMemmap(sub: number, m: Memmap, nid = NUMA_NO_NODE, zone: Zone = Zone.NONE): void {
    this.put(this.memmapAt(sub), m <= Memmap.POISONED ? m : m | (zone << 3) | (nid << 5));
  }

  // --- memory blocks ------------------------------------------------------------------------------
  private blockAt(b: number): number { return this.L.blockBase + b * BLOCK_WORDS; }
  blockState(b: number): BlockState { return this.w[this.blockAt(b)]! & 3; }
  setBlockState(b: number, s: BlockState): void {
    const i = this.blockAt(b);
    this.put(i, (this.w[i]! & ~3) | s);
  }
  blockExists(b: number): boolean { return this.blockState(b) !== BlockState.ABSENT; }
  /** mem->nid. */
  blockNid(b: number): number { return (this.w[this.blockAt(b)]! >> 4) & 15; }
  setBlockNid(b: number, nid: number): void {
    const i = this.blockAt(b);
    this.put(i, (this.w[i]! & ~0xf0) | (nid << 4));
  }
  /** mem->zone: the single zone of an online block, NONE for offline or multi-zone blocks. */
  blockZone(b: number): Zone { return (this.w[this.blockAt(b)]! >> 8) & 3; }
  setBlockZone(b: number, z: Zone): void {
    const i = this.blockAt(b);
    this.put(i, (this.w[i]! & ~0x300) | (z << 8));
  }
  /** Bit M set: the link /sys/devices/system/memory/memoryN/nodeM exists. */
  memToNodeLinks(b: number): number { return this.w[this.blockAt(b) + 1]!; }
  setMemToNodeLinks(b: number, mask: number): void { this.put(this.blockAt(b) + 1, mask); }
  /** Bit M set: the link /sys/devices/system/node/nodeM/memoryN exists. */
  nodeToMemLinks(b: number): number { return this.w[this.blockAt(b) + 2]!; }
  setNodeToMemLinks(b: number, mask: number): void { this.put(this.blockAt(b) + 2, mask); }

  // --- DIMMs and pmem -----------------------------------------------------------------------------------
  /** The DIMM's memory is added (add_memory done, or boot memory for `plugged: boot`). */
  dimmAdded(d: number): boolean { return this.w[this.L.dimmBase + d] !== 0; }
  setDimmAdded(d: number, on: boolean): void { this.put(this.L.dimmBase + d, on ? 1 : 0); }
  /** The pmem range is mapped by memremap_pages(). */
  pmemMapped(p: number): boolean { return this.w[this.L.pmemBase + p] !== 0; }
  setPmemMapped(p: number, on: boolean): void { this.put(this.L.pmemBase + p, on ? 1 : 0); }
}

/** An exact key for a state vector: one UTF-16 code unit per word. */
export function stateKey(w: StateVector): string {
  return String.fromCharCode.apply(null, w as unknown as number[]);
}
