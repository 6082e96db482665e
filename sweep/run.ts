/**
 * One run of a sweep: one layout class under one kernel configuration, searched exhaustively,
 * reduced to a JSON-lines record. Runs in a pool worker (task.ts) or in-process.
 */
import { search } from '../explore/index.ts';
import { HotplugModel } from '../model/hotplug-model.ts';
import { resolveRun, type ResolvedRun } from '../run/model-factory.ts';
import { COVERAGE_KEYS, CoverageModel, type CoverageKey } from './coverage.ts';
import type { LayoutSpec } from '../model/layout/enumerate.ts';
import { specLayout } from '../model/layout/layout-file.ts';

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
  const model = new CoverageModel(new HotplugModel({ layout: specLayout(task.spec), profile, patches, properties }));
  const result = search(model, model.properties, task.maxStates === null ? {} : { maxStates: task.maxStates });
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
    seconds: Number(result.seconds.toFixed(3)),
    bounded: result.bounded,
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
