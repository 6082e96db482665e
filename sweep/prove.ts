/**
 * The verdict of `hpcheck prove`: one sweep run with and without a patch, compared layout by
 * layout and property by property.
 *
 * A property is removed on a layout when the kernel without the patch violates it and the
 * patched kernel, searched to the end, does not; introduced when only the patched kernel
 * violates it. The patch is proved within bounds only when it introduces nothing and every
 * run finished: a bounded run proves nothing about the states it did not reach.
 */
import { COVERAGE_KEYS, type CoverageKey } from './coverage.ts';
import type { RunRecord } from './run.ts';
import type { ConfigRow, Summary } from './summary.ts';

export interface Example {
  readonly layout: number;
  readonly name: string;
  readonly message: string;
  readonly steps: number;
  readonly trace: readonly string[];
}

export interface Change {
  readonly property: string;
  /** Classes, and the layouts they stand for. */
  readonly classes: number;
  readonly layouts: number;
  /** The first such class in the enumeration, with the trace of the kernel that violates. */
  readonly smallest: Example;
}

export interface ActionCoverage {
  readonly fired: readonly CoverageKey[];
  readonly neverFired: readonly CoverageKey[];
  /** Fired, but never returned success. */
  readonly neverSucceeded: readonly CoverageKey[];
}

export interface ProveVerdict {
  readonly base: string;
  readonly patched: string;
  readonly removed: readonly Change[];
  readonly introduced: readonly Change[];
  /** Violated with and without the patch. */
  readonly remaining: readonly Change[];
  readonly actions: { readonly base: ActionCoverage; readonly patched: ActionCoverage };
  readonly complete: boolean;
  readonly proved: boolean;
}

class Tally {
  readonly byProperty = new Map<string, { classes: number; layouts: number; smallest: Example }>();

  add(property: string, r: RunRecord): void {
    const v = r.violations.find((x) => x.property === property)!;
    const t = this.byProperty.get(property);
    const example = { layout: r.layout, name: r.name, message: v.message, steps: v.steps, trace: v.trace };
    if (!t) this.byProperty.set(property, { classes: 1, layouts: r.members, smallest: example });
    else {
      t.classes++;
      t.layouts += r.members;
      if (r.layout < t.smallest.layout) t.smallest = example;
    }
  }

  changes(properties: readonly string[]): Change[] {
    return properties.flatMap((p) => {
      const t = this.byProperty.get(p);
      return t ? [{ property: p, ...t }] : [];
    });
  }
}

function actionCoverage(row: ConfigRow): ActionCoverage {
  return {
    fired: row.fired,
    neverFired: COVERAGE_KEYS.filter((k) => !row.fired.includes(k)),
    neverSucceeded: row.fired.filter((k) => !row.succeeded.includes(k)),
  };
}

/**
 * proveVerdict() - compare the runs of @base and @patched over the summary's plan.
 * @records: every run of the sweep (duplicates are ignored, as in the summary)
 */
export function proveVerdict(summary: Summary, records: readonly RunRecord[], base: string, patched: string): ProveVerdict {
  const byLayout = new Map<number, { base?: RunRecord; patched?: RunRecord }>();
  for (const r of records) {
    const e = byLayout.get(r.layout) ?? {};
    if (r.config === base) e.base ??= r;
    else if (r.config === patched) e.patched ??= r;
    byLayout.set(r.layout, e);
  }
  const removed = new Tally();
  const introduced = new Tally();
  const remaining = new Tally();
  for (const e of [...byLayout.values()]) {
    if (!e.base || !e.patched) continue;
    for (const p of summary.properties) {
      const inBase = e.base.violations.some((v) => v.property === p);
      const inPatched = e.patched.violations.some((v) => v.property === p);
      if (inBase && inPatched) remaining.add(p, e.patched);
      else if (inBase && !e.patched.bounded) removed.add(p, e.base);
      else if (inPatched) introduced.add(p, e.patched);
    }
  }
  const row = (label: string) => summary.rows.find((r) => r.config === label)!;
  const complete = summary.runs === summary.expectedRuns;
  const introducedList = introduced.changes(summary.properties);
  return {
    base,
    patched,
    removed: removed.changes(summary.properties),
    introduced: introducedList,
    remaining: remaining.changes(summary.properties),
    actions: { base: actionCoverage(row(base)), patched: actionCoverage(row(patched)) },
    complete,
    proved: complete && summary.boundedRuns === 0 && introducedList.length === 0,
  };
}
