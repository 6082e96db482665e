/**
 * Minimising a counterexample: delta debugging (Zeller's ddmin) over the action path, then
 * dropping parts of the layout (nodes with their memory, DIMMs, pmem ranges, boot ranges)
 * while the same property still fails, until nothing more can go.
 *
 * A candidate is kept when it replays (every action enabled) and the property fails at some
 * step; the path is then cut at the first failing step, so it can only get shorter.
 */
import type { HotplugModel } from '../model/hotplug-model.ts';
import { parseLayout } from '../model/layout/parse.ts';
import type { Layout } from '../model/layout/types.ts';
import { layoutToRaw } from './itf.ts';
import { actionIds, replayPath } from './replay-path.ts';
import { runModel, type SavedRun } from './saved-run.ts';

/** A still-failing candidate shorter or equal to what it was given, or null. */
type Test<T> = (candidate: T[]) => T[] | null;

/**
 * ddmin() - remove chunks of `items`, halving the chunk size whenever no chunk can go.
 *
 * Return: a sequence from which no single element can be removed (1-minimal).
 */
export function ddmin<T>(items: readonly T[], test: Test<T>): T[] {
  let cur = [...items];
  let n = 2;
  while (cur.length >= 2) {
    const size = Math.ceil(cur.length / n);
    let reduced: T[] | null = null;
    for (let i = 0; i < cur.length && reduced === null; i += size) reduced = test([...cur.slice(0, i), ...cur.slice(i + size)]);
    if (reduced !== null) {
      cur = reduced;
      n = Math.max(n - 1, 2);
    } else if (n >= cur.length) {
      break;
    } else {
      n = Math.min(cur.length, 2 * n);
    }
  }
  return cur;
}

/** dropPairs() - remove two elements at once where removing either alone fails (add before remove, online before offline). */
export function dropPairs<T>(items: readonly T[], test: Test<T>): T[] {
  let cur = [...items];
  for (let i = 0; i < cur.length; i++) {
    for (let j = i + 1; j < cur.length; j++) {
      const r = test(cur.filter((_, k) => k !== i && k !== j));
      if (r !== null) {
        cur = r;
        i = -1;
        break;
      }
    }
  }
  return cur;
}

interface Part {
  readonly what: string;
  readonly layout: Layout;
}

/** The layouts one part smaller than `l` that still validate. */
function smallerLayouts(l: Layout): Part[] {
  const parts: { what: string; layout: Layout }[] = [
    ...l.nodes.map((n) => ({
      what: `node${n.id} with its memory`,
      layout: {
        ...l,
        nodes: l.nodes.filter((x) => x.id !== n.id),
        boot: l.boot.filter((b) => b.node !== n.id),
        dimms: l.dimms.filter((d) => d.node !== n.id),
        pmem: l.pmem.filter((p) => p.node !== n.id),
      },
    })),
    ...l.dimms.map((d, i) => ({ what: `DIMM ${d.name}`, layout: { ...l, dimms: l.dimms.filter((_, k) => k !== i) } })),
    ...l.pmem.map((p, i) => ({ what: `pmem ${p.name}`, layout: { ...l, pmem: l.pmem.filter((_, k) => k !== i) } })),
    ...l.boot.map((b, i) => ({ what: `boot range boot[${i}] (node${b.node})`, layout: { ...l, boot: l.boot.filter((_, k) => k !== i) } })),
  ];
  return parts.flatMap((p) => {
    const parsed = parseLayout(JSON.stringify(layoutToRaw(p.layout)), 'shrink');
    return parsed.ok ? [{ what: p.what, layout: parsed.layout }] : [];
  });
}

export interface ShrinkResult {
  readonly layout: Layout;
  readonly actions: readonly string[];
  /** The parts of the layout that were dropped, in order. */
  readonly dropped: readonly string[];
  /** How many candidate traces were replayed. */
  readonly replays: number;
}

/**
 * shrinkRun() - the smallest failing trace found from a saved one.
 * @run: the saved trace, on its layout, kernel and patches
 * @o: `layout: false` keeps the layout as it is and shrinks the actions only
 *
 * Return: the smaller layout and path, or null when the saved path does not violate the
 * property to begin with.
 */
export function shrinkRun(run: SavedRun, o: { readonly layout?: boolean } = {}): ShrinkResult | null {
  const models = new Map<Layout, { m: HotplugModel; ids: Map<string, number> }>();
  const modelOf = (layout: Layout) => {
    let entry = models.get(layout);
    if (!entry) {
      const m = runModel(run, layout);
      entry = { m, ids: actionIds(m) };
      models.set(layout, entry);
    }
    return entry;
  };
  let replays = 0;
  const testOn = (layout: Layout): Test<string> => (actions) => {
    replays++;
    const { m, ids } = modelOf(layout);
    const r = replayPath(m, run.property.name, actions, ids);
    return r.kind === 'violated' ? actions.slice(0, r.step) : null;
  };
  const minimise = (layout: Layout, actions: string[]): string[] => {
    const test = testOn(layout);
    return dropPairs(ddmin(actions, test), test);
  };

  const first = testOn(run.layout)([...run.actions]);
  if (first === null) return null;
  let layout = run.layout;
  let actions = minimise(layout, first);
  const dropped: string[] = [];
  for (let progress = o.layout !== false; progress;) {
    progress = false;
    for (const part of smallerLayouts(layout)) {
      const { ids } = modelOf(part.layout);
      const kept = testOn(part.layout)(actions.filter((a) => ids.has(a)));
      if (kept === null) continue;
      layout = part.layout;
      actions = minimise(layout, kept);
      dropped.push(part.what);
      progress = true;
      break;
    }
  }
  if (dropped.length > 0) layout = { ...layout, name: `${run.layout.name}-shrunk`, description: `${run.layout.name} without ${dropped.join(', ')} (hpcheck shrink)` };
  return { layout, actions, dropped, replays };
}
