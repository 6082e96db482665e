/**
 * `hpcheck check`: exhaustive search of one layout under one kernel, with patches.
 * Exit: 0 verified, 1 violation, 3 bounded (2 is for bad input, decided before this runs).
 */
import pc from 'picocolors';
import { search } from '../explore/index.ts';
import type { SearchProgress, SearchResult } from '../explore/model.ts';
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import type { StateVector } from '../model/state.ts';
import { progressLine } from './progress.ts';
import { tellViolation } from './story.ts';

export const VERSION = '0.1.0';
export const EXIT = { verified: 0, violation: 1, usage: 2, bounded: 3 } as const;

export interface RunOptions {
  readonly maxStates: number;
  readonly stopAtFirst: boolean;
  readonly progress: boolean;
}

export function runCheck(config: HotplugConfig, o: RunOptions): { model: HotplugModel; result: SearchResult<StateVector> } {
  const model = new HotplugModel(config);
  const line = o.progress ? progressLine() : undefined;
  let queue = 0;
  const onProgress = (p: SearchProgress): void => { queue = p.queue; line!.update(p); };
  const result = search(model, model.properties, {
    maxStates: o.maxStates,
    stopAtFirst: o.stopAtFirst,
    ...(line ? { onProgress, progressIntervalMs: 1000 } : {}),
  });
  line?.stop({ states: result.states, transitions: result.transitions, queue: result.bounded ? queue : 0, depth: result.depth, seconds: result.seconds });
  return { model, result };
}

/** The contract's JSON object (§3). */
export function resultJson(model: HotplugModel, r: SearchResult<StateVector>): Record<string, unknown> {
  const c = model.config;
  return {
    tool: 'hpcheck',
    version: VERSION,
    layout: c.layout.name,
    kernel: c.profile.name,
    patches: c.patches.map((p) => p.name),
    properties: c.properties.map((p) => p.name),
    verdict: r.verdict,
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    seconds: Number(r.seconds.toFixed(3)),
    bounded: r.bounded,
    violations: r.violations.map((v) => ({
      property: v.property,
      message: v.message,
      trace: v.trace.map((t) => ({ action: t.action, state: model.toJSON(t.state) })),
    })),
  };
}

export function exitCode(r: SearchResult<StateVector>): number {
  return EXIT[r.verdict];
}

export function humanReport(model: HotplugModel, r: SearchResult<StateVector>, color: boolean): string {
  const c = pc.createColors(color);
  const cfg = model.config;
  const patches = cfg.patches.length ? cfg.patches.map((p) => p.name).join(', ') : 'none';
  const lines = [
    `hpcheck ${VERSION}: layout ${cfg.layout.name}, kernel ${cfg.profile.name}, patches: ${patches}`,
    `  properties: ${cfg.properties.map((p) => p.name).join(', ')}`,
    `  ${r.states} states, ${r.transitions} transitions, depth ${r.depth}, ${r.seconds.toFixed(2)} s`,
  ];
  for (const v of r.violations) lines.push('', ...tellViolation(model, v, c));
  const verdict = r.verdict === 'verified' ? c.green(c.bold('VERIFIED: every property holds in every reachable state'))
    : r.verdict === 'bounded' ? c.yellow(c.bold('BOUNDED: --max-states reached before the search finished; nothing found, nothing proved'))
      : c.red(c.bold(`VIOLATION: ${r.violations.length} of ${cfg.properties.length} properties fail${r.bounded ? ' (search stopped early)' : ''}`));
  lines.push('', verdict);
  return lines.join('\n');
}
