/**
 * The in-process half of the sandbox's time limit and fault reports, usable from any thread
 * of the sandboxed child: each thread owns a slot in a shared array where it writes when the
 * patch code it is running (an override call, or the patch's import) started; the watchdog
 * thread (watchdog.mjs) reads the slots. Outside the sandbox there is no shared array, and a
 * user patch must not be loaded at all (run/user-patch.ts checks sandboxed()).
 */
import { writeSync } from 'node:fs';
import { getEnvironmentData } from 'node:worker_threads';

/** What the child's main thread shares with every thread it starts. */
export interface SandboxData {
  readonly slots: SharedArrayBuffer;
  /** Date.now() when the child started; slots hold milliseconds since then, plus one. */
  readonly base: number;
  /** The user patch files (absolute), in command-line order: the watch codes index them. */
  readonly patches: readonly string[];
}

export const SANDBOX_KEY = 'hpcheck.sandbox';
/** The file descriptor of the result channel (protocol.ts) in the child. */
export const RESULT_FD = 3;
export const MAX_SLOTS = 256;
/** Slot layout: [next free slot, unused, then per slot: start, what]. */
export const slotStart = (i: number): number => 2 + 2 * i;

const data = (): SandboxData | undefined => getEnvironmentData(SANDBOX_KEY) as SandboxData | undefined;

/** The index of a user patch file among those the sandbox was started with, or -1. */
export const patchIndex = (abs: string): number => data()?.patches.indexOf(abs) ?? -1;

/** Whether this thread runs inside the sandboxed child. */
export const sandboxed = (): boolean => data() !== undefined;

let mine: { view: Int32Array; slot: number; base: number; depth: number } | null = null;

function own(): { view: Int32Array; slot: number; base: number; depth: number } {
  if (mine) return mine;
  const d = data();
  if (!d) throw new Error('hpcheck bug: patch code watched outside the sandbox');
  const view = new Int32Array(d.slots);
  const slot = Atomics.add(view, 0, 1);
  if (slot >= MAX_SLOTS) throw new Error(`hpcheck bug: more than ${MAX_SLOTS} threads in the sandbox`);
  return (mine = { view, slot, base: d.base, depth: 0 });
}

/** Runs `body` (patch code) with the clock on; `what` is reported if it runs over the limit. */
export function watched<T>(what: number, body: () => T): T {
  const m = own();
  if (m.depth++ === 0) {
    Atomics.store(m.view, slotStart(m.slot) + 1, what);
    Atomics.store(m.view, slotStart(m.slot), Date.now() - m.base + 1);
  }
  try {
    return body();
  } finally {
    if (--m.depth === 0) Atomics.store(m.view, slotStart(m.slot), 0);
  }
}

/** The same for patch code that is awaited (the import of the module). */
export async function watchedAsync<T>(what: number, body: () => Promise<T>): Promise<T> {
  const m = own();
  Atomics.store(m.view, slotStart(m.slot) + 1, what);
  Atomics.store(m.view, slotStart(m.slot), Date.now() - m.base + 1);
  try {
    return await body();
  } finally {
    Atomics.store(m.view, slotStart(m.slot), 0);
  }
}

/** Tells the verdict process what the patch did wrong, before the error unwinds the run. */
export function reportFault(text: string, timeout = false): void {
  const line = `${JSON.stringify({ t: 'fault', text: text.replace(/[\r\n]+/g, ' ').slice(0, 1900), timeout })}\n`;
  try {
    writeSync(RESULT_FD, line);
  } catch {
    // The verdict process is gone; the run ends anyway.
  }
}
