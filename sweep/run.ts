/**
 * One run of a sweep: one layout class under one kernel configuration, searched exhaustively,
 * reduced to a JSON-lines record. Runs in a pool worker (task.ts) or in-process.
 */
import { search, type Exploration } from '../explore/index.ts';
import { HotplugModel } from '../model/hotplug-model.ts';
import { resolveRun, type ResolvedRun } from '../run/kinds/hotplug-run.ts';
import { COVERAGE_KEYS, CoverageModel, type CoverageKey } from './coverage.ts';
import type { LayoutSpec } from '../model/layout/enumerate.ts';
import { specLayout } from '../model/layout/layout-file.ts';

/**
 * How a sweep searches each run:
 * - `complete`: every reachable state is expanded;
 * - `pruned`: a state that violates a checked property is not expanded (SearchOptions.prune),
 *   so a violation reachable only through another one is not reported, and a trace may be
 *   longer than the shortest one;
 * - `confirmed`: pruned first, and every run that found a violation is searched again
 *   completely and recorded from that search. A run that found none pruned nothing, so the
 *   records are those of a complete sweep.
 */
export type SweepSearch = 'complete' | 'pruned' | 'confirmed';

export const SWEEP_SEARCHES: readonly SweepSearch[] = ['complete', 'pruned', 'confirmed'];

/** A kernel profile with patches, as named on the command line. */
export interface RunConfig {
  /** `v5.8`, `v5.8+f85086f95fa3`: the config's name in records and tables. */
  readonly label: string;
  readonly kernel: string;
  readonly patches: readonly string[];
}

export const configLabel = (kernel: string, patches: readonly string[]): string => [kernel, ...patches].join('+');

export interface RunTask {
  readonly layout: number;
  readonly name: string;
  readonly members: number;
  readonly spec: LayoutSpec;
  readonly config: RunConfig;
  /** Property names; empty means all. */
  readonly properties: readonly string[];
  /** null: no limit. */
  readonly maxStates: number | null;
  readonly search: SweepSearch;
}

export interface RunViolation {
  readonly property: string;
  readonly message: string;
  /** Steps after power-on; the trace is a shortest one. */
  readonly steps: number;
  /** The action names from power-on to the first violating state. */
  readonly trace: readonly string[];
}

/** One line of a sweep's JSON-lines output. */
export interface RunRecord {
  readonly type: 'run';
  readonly layout: number;
  readonly name: string;
  readonly members: number;
  readonly config: string;
  readonly verdict: 'verified' | 'violation' | 'bounded';
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly bounded: boolean;
  /** How this record's search ran: `complete`, or `pruned` (violating states not expanded). */
  readonly exploration: Exploration;
  /** `confirmed` sweeps: the pruned search found a violation and this record is the complete search that followed. */
  readonly confirmed?: true;
  readonly violations: readonly RunViolation[];
  /** Coverage keys (coverage.ts) of the actions taken, and of those that succeeded. */
  readonly fired: readonly CoverageKey[];
  readonly succeeded: readonly CoverageKey[];
}

const resolved = new Map<string, Promise<ResolvedRun>>();

/** runTask() - search one layout under one configuration. */
export async function runTask(task: RunTask): Promise<RunRecord> {
  const cacheKey = `${task.config.label}\0${task.properties.join(',')}`;
  let r = resolved.get(cacheKey);
  if (!r) resolved.set(cacheKey, (r = resolveRun(task.config.kernel, task.config.patches, task.properties)));
  const { profile, patches, properties } = await r;
  const layout = specLayout(task.spec);
  const limit = task.maxStates === null ? {} : { maxStates: task.maxStates };
  let model = new CoverageModel(new HotplugModel({ layout, profile, patches, properties }));
  let result = search(model, model.properties, { ...limit, prune: task.search !== 'complete' });
  const confirm = task.search === 'confirmed' && result.violations.length > 0;
  const prunedSeconds = confirm ? result.seconds : 0;
  if (confirm) {
    model = new CoverageModel(new HotplugModel({ layout, profile, patches, properties }));
    result = search(model, model.properties, limit);
  }
  const inOrder = (set: ReadonlySet<CoverageKey>) => COVERAGE_KEYS.filter((k) => set.has(k));
  return {
    type: 'run',
    layout: task.layout,
    name: task.name,
    members: task.members,
    config: task.config.label,
    verdict: result.verdict,
    states: result.states,
    transitions: result.transitions,
    depth: result.depth,
    seconds: Number((prunedSeconds + result.seconds).toFixed(3)),
    bounded: result.bounded,
    exploration: result.exploration,
    ...(confirm ? { confirmed: true as const } : {}),
    violations: result.violations.map((v) => ({
      property: v.property,
      message: v.message,
      steps: v.trace.length - 1,
      trace: v.trace.slice(1).map((t) => t.action ?? ''),
    })),
    fired: inOrder(model.fired),
    succeeded: inOrder(model.succeeded),
  };
}
