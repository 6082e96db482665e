/**
 * The worker side of parallel.ts: expands a slice of one BFS level and sends back, in
 * (parent, action) order, each successor whose fingerprint the visited set did not hold
 * when the level began, packed, with the properties it violates. It never writes the
 * visited set; the main thread decides which candidates are new, in order.
 *
 * Runs under piscina; the model is built once per worker from the module and spec the
 * main thread names.
 */
import { contains } from './fingerprint.ts';
import { Journal } from './journal.ts';
import type { Property, Stepper, VectorModel } from './model.ts';
import { PackedLayout } from './packed.ts';

export interface ExpandTask {
  /** URL of a module whose `createModel(spec)` builds the model. */
  readonly module: string;
  readonly spec: unknown;
  /** Names of the properties, in the order of the search. */
  readonly properties: readonly string[];
  /** Bit i set: property i has not been violated yet, so check it. */
  readonly check: number;
  /** The visited set's slots as the level began (shared memory). */
  readonly table: Uint32Array;
  /** The level's states, `layout.cells + 2` cells each (packed state, hi, lo), shared. */
  readonly frontier: Uint32Array;
  readonly from: number;
  readonly to: number;
}

export interface ExpandResult {
  /** Per candidate: parent (local to the slice), action, hi, lo, violated bits, packed cells. */
  readonly candidates: Uint32Array;
  readonly count: number;
  /** Per parent of the slice: how many actions were enabled. */
  readonly enabled: Uint32Array;
}

interface Context {
  readonly model: VectorModel;
  readonly layout: PackedLayout;
  readonly cur: Uint16Array;
  readonly journal: Journal;
  readonly stepper: Stepper;
  /** The properties in the order of `ExpandTask.properties`. */
  readonly properties: readonly Property<Uint16Array>[];
}

const contexts = new Map<string, Promise<Context>>();

async function createContext(task: ExpandTask): Promise<Context> {
  const mod = (await import(task.module)) as { createModel(spec: unknown): Promise<VectorModel> | VectorModel };
  const model = await mod.createModel(task.spec);
  const layout = new PackedLayout(model.wordBits);
  const cur = new Uint16Array(layout.words);
  const journal = new Journal();
  const properties = task.properties.map((name) => {
    const p = model.properties.find((x) => x.name === name);
    if (p === undefined) throw new Error(`hpcheck bug: the worker's model has no property ${name}`);
    return p;
  });
  return { model, layout, cur, journal, stepper: model.stepper(cur, journal), properties };
}

/** One context per model and property list; every task of a search names the same ones. */
function contextFor(task: ExpandTask): Promise<Context> {
  const key = `${task.module}\n${JSON.stringify(task.spec)}\n${task.properties.join(',')}`;
  let ctx = contexts.get(key);
  if (ctx === undefined) contexts.set(key, (ctx = createContext(task)));
  return ctx;
}

export default async function expand(task: ExpandTask): Promise<ExpandResult> {
  const { layout, cur, journal, stepper, model, properties } = await contextFor(task);
  const cells = layout.cells;
  const record = 5 + cells;
  const stride = cells + 2;
  let out = new Uint32Array(record * 1024);
  let count = 0;
  const enabled = new Uint32Array(task.to - task.from);
  for (let n = task.from; n < task.to; n++) {
    const at = n * stride;
    layout.unpack(task.frontier, at, cur);
    const hi = task.frontier[at + cells]!;
    const lo = task.frontier[at + cells + 1]!;
    stepper.loaded();
    if (stepper.isTerminal()) continue;
    for (let id = 0; id < model.actionCount; id++) {
      if (!stepper.apply(id)) continue;
      enabled[n - task.from]!++;
      if (journal.length === 0) continue;
      const h = (hi ^ journal.deltaHi) >>> 0;
      const l = (lo ^ journal.deltaLo) >>> 0;
      if (!contains(task.table, h, l)) {
        if ((count + 1) * record > out.length) {
          const bigger = new Uint32Array(out.length * 2);
          bigger.set(out);
          out = bigger;
        }
        const base = count * record;
        let violated = 0;
        for (let i = 0; i < properties.length; i++) {
          if ((task.check & (1 << i)) !== 0 && properties[i]!.check(cur) !== null) violated |= 1 << i;
        }
        out[base] = n - task.from;
        out[base + 1] = id;
        out[base + 2] = h;
        out[base + 3] = l;
        out[base + 4] = violated;
        layout.pack(cur, out, base + 5);
        count++;
      }
      journal.undo(cur);
    }
  }
  return { candidates: out, count, enabled };
}
