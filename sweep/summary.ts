/**
 * The summary of a sweep: per kernel configuration, the runs, states and verdicts, and per
 * property the number of violating layouts and the smallest example. The summary is a pure
 * function of the records and the planned runs, with no timings, so shards merged give the
 * same summary as one unsharded sweep.
 */
import { COVERAGE_KEYS, type CoverageKey } from './coverage.ts';
import type { Bounds, LayoutClass } from '../model/layout/enumerate.ts';
import type { RunRecord } from './run.ts';

export interface Smallest {
  readonly layout: number;
  readonly name: string;
  readonly steps: number;
  readonly message: string;
}

export interface PropertyCell {
  readonly property: string;
  /** Violating classes, and the layouts they stand for. */
  readonly classes: number;
  readonly layouts: number;
  /** The violating class that comes first in the enumeration (a smallest layout). */
  readonly smallest: Smallest | null;
}

export interface ConfigRow {
  readonly config: string;
  readonly runs: number;
  readonly verified: number;
  readonly violation: number;
  readonly bounded: number;
  readonly states: number;
  readonly transitions: number;
  readonly cells: readonly PropertyCell[];
  /** Action coverage over every run of this configuration. */
  readonly fired: readonly CoverageKey[];
  readonly succeeded: readonly CoverageKey[];
}

export interface Summary {
  readonly bounds: Bounds;
  readonly properties: readonly string[];
  /** The classes planned (the whole enumeration, or the shards present) and their layouts. */
  readonly classes: number;
  readonly layouts: number;
  readonly expectedRuns: number;
  readonly runs: number;
  readonly states: number;
  readonly transitions: number;
  readonly boundedRuns: number;
  readonly rows: readonly ConfigRow[];
}

export interface Plan {
  readonly bounds: Bounds;
  readonly configs: readonly string[];
  readonly properties: readonly string[];
  readonly classes: readonly LayoutClass[];
}

function cell(property: string, records: readonly RunRecord[]): PropertyCell {
  let classes = 0;
  let layouts = 0;
  let smallest: Smallest | null = null;
  for (const r of records) {
    const v = r.violations.find((x) => x.property === property);
    if (!v) continue;
    classes++;
    layouts += r.members;
    if (!smallest || r.layout < smallest.layout) smallest = { layout: r.layout, name: r.name, steps: v.steps, message: v.message };
  }
  return { property, classes, layouts, smallest };
}

function row(config: string, properties: readonly string[], records: readonly RunRecord[]): ConfigRow {
  const fired = new Set(records.flatMap((r) => r.fired));
  const succeeded = new Set(records.flatMap((r) => r.succeeded));
  return {
    config,
    runs: records.length,
    verified: records.filter((r) => r.verdict === 'verified').length,
    violation: records.filter((r) => r.verdict === 'violation').length,
    bounded: records.filter((r) => r.bounded).length,
    states: records.reduce((n, r) => n + r.states, 0),
    transitions: records.reduce((n, r) => n + r.transitions, 0),
    cells: properties.map((p) => cell(p, records)),
    fired: COVERAGE_KEYS.filter((k) => fired.has(k)),
    succeeded: COVERAGE_KEYS.filter((k) => succeeded.has(k)),
  };
}

/**
 * summarize() - the summary of the records of @plan's runs.
 * Records of runs outside the plan are ignored; a run recorded twice counts once.
 */
export function summarize(plan: Plan, records: readonly RunRecord[]): Summary {
  const planned = new Set(plan.classes.map((c) => c.index));
  const unique = new Map<string, RunRecord>();
  for (const r of records) {
    const key = `${r.layout}\0${r.config}`;
    if (planned.has(r.layout) && plan.configs.includes(r.config) && !unique.has(key)) unique.set(key, r);
  }
  const all = [...unique.values()].sort((a, b) => a.layout - b.layout);
  const rows = plan.configs.map((c) => row(c, plan.properties, all.filter((r) => r.config === c)));
  return {
    bounds: plan.bounds,
    properties: plan.properties,
    classes: plan.classes.length,
    layouts: plan.classes.reduce((n, c) => n + c.members, 0),
    expectedRuns: plan.classes.length * plan.configs.length,
    runs: all.length,
    states: rows.reduce((n, r) => n + r.states, 0),
    transitions: rows.reduce((n, r) => n + r.transitions, 0),
    boundedRuns: rows.reduce((n, r) => n + r.bounded, 0),
    rows,
  };
}

/** The exit code of a sweep: 1 a violation, 3 a run bounded or missing, 0 everything verified. */
export function summaryExit(s: Summary): number {
  if (s.rows.some((r) => r.violation > 0)) return 1;
  if (s.boundedRuns > 0 || s.runs < s.expectedRuns) return 3;
  return 0;
}

const num = (n: number): string => n.toLocaleString('en-US');

export function boundsText(b: Bounds): string {
  return `nodes <= ${b.nodes}, blocks <= ${b.blocks}, DIMMs <= ${b.dimms}, pmem <= ${b.pmem}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** formatSummary() - the summary as a person reads it. */
export function formatSummary(s: Summary): string[] {
  const lines = [
    `Layouts: ${boundsText(s.bounds)}: ${num(s.classes)} classes under node renaming (${num(s.layouts)} layouts)`,
    `Runs: ${num(s.runs)} of ${num(s.expectedRuns)}; ${num(s.states)} states, ${num(s.transitions)} transitions; ${num(s.boundedRuns)} bounded`,
    '',
    ...table(
      ['kernel', 'runs', 'verified', 'violation', 'bounded', 'states'],
      s.rows.map((r) => [r.config, num(r.runs), num(r.verified), num(r.violation), num(r.bounded), num(r.states)]),
    ),
    '',
  ];
  const rows: string[][] = [];
  for (const r of s.rows) {
    const violated = r.cells.filter((c) => c.classes > 0);
    if (violated.length === 0) rows.push([r.config, '(none)', '0', '', '']);
    violated.forEach((c, i) => rows.push([
      i === 0 ? r.config : '',
      c.property,
      `${num(c.classes)} (${num(c.layouts)} layouts)`,
      c.smallest!.name,
      String(c.smallest!.steps),
    ]));
  }
  lines.push(...table(['kernel', 'property violated', 'classes', 'smallest example', 'steps'], rows));
  return lines;
}
