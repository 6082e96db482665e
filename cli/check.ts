/**
 * `hpcheck check`: exhaustive search of one layout under one kernel, with patches.
 * Exit: 0 verified, 1 violation, 3 bounded (2 is for bad input, decided before this runs).
 */
import pc from 'picocolors';
import { parallelSearch, search } from '../explore/index.ts';
import { MODEL_FACTORY_URL, specOf } from './model-factory.ts';
import type { SearchProgress, SearchResult, VectorModel } from '../explore/model.ts';
import { HotplugModel, type HotplugConfig } from '../model/hotplug-model.ts';
import type { StateVector } from '../model/state.ts';
import { progressLine } from './progress.ts';
import { tellViolation, type Colors } from './story.ts';

export const VERSION = '0.1.0';
export const EXIT = { verified: 0, violation: 1, usage: 2, bounded: 3 } as const;

export interface RunOptions {
  readonly maxStates: number;
  readonly stopAtFirst: boolean;
  readonly progress: boolean;
  /** Keep full states and compare them, instead of trusting 64-bit fingerprints. */
  readonly exact?: boolean;
  /** Worker threads for the search (1: this thread only). */
  readonly workers?: number;
}

/**
 * runCheck() - build the model and search it, on `o.workers` threads (default 1)
 *
 * Return: the model and the search result; identical for every worker count.
 */
export async function runCheck(config: HotplugConfig, o: RunOptions): Promise<{ model: HotplugModel; result: SearchResult<StateVector> }> {
  const model = new HotplugModel(config);
  return { model, result: await searchVectorModel(model, o, { module: MODEL_FACTORY_URL, spec: specOf(config) }) };
}

/**
 * searchVectorModel() - search any vector model with the progress line, on `o.workers` threads
 * @worker: the module whose `createModel(spec)` builds the same model in a worker thread
 */
export async function searchVectorModel(model: VectorModel, o: RunOptions, worker: { module: string; spec: unknown }): Promise<SearchResult<Uint16Array>> {
  const line = o.progress ? progressLine() : undefined;
  let queue = 0;
  const onProgress = (p: SearchProgress): void => { queue = p.queue; line!.update(p); };
  const options = {
    maxStates: o.maxStates,
    stopAtFirst: o.stopAtFirst,
    exact: o.exact === true,
    ...(line ? { onProgress, progressIntervalMs: 1000 } : {}),
  };
  const workers = o.workers ?? 1;
  const result = workers <= 1 ? search(model, model.properties, options)
    : await parallelSearch(model, model.properties, { ...options, workers, worker });
  line?.stop({ states: result.states, transitions: result.transitions, queue: result.bounded ? queue : 0, depth: result.depth, seconds: result.seconds });
  return result;
}

/** What a run checked, by name, for its JSON object. */
export interface RunNames {
  readonly layout: string;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

/** The contract's JSON object (§3). */
export function resultJson(model: HotplugModel, r: SearchResult<StateVector>): Record<string, unknown> {
  const c = model.config;
  const names = { layout: c.layout.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name), properties: c.properties.map((p) => p.name) };
  return runJson(names, (s) => model.toJSON(s), r);
}

/** The contract's JSON object (§3) for any model: its names, and each trace state in readable form. */
export function runJson<S>(names: RunNames, toJSON: (s: S) => unknown, r: SearchResult<S>): Record<string, unknown> {
  return {
    tool: 'hpcheck',
    version: VERSION,
    layout: names.layout,
    kernel: names.kernel,
    patches: names.patches,
    properties: names.properties,
    verdict: r.verdict,
    states: r.states,
    transitions: r.transitions,
    depth: r.depth,
    seconds: Number(r.seconds.toFixed(3)),
    bounded: r.bounded,
    storage: {
      mode: r.storage.mode,
      collisionProbability: r.storage.collisionProbability,
      collisions: r.storage.collisions,
      bytesPerState: r.storage.bytes === null || r.states === 0 ? null
        : Number(((r.storage.bytes.visited + r.storage.bytes.queue + r.storage.bytes.trace) / r.states).toFixed(1)),
    },
    violations: r.violations.map((v) => ({
      property: v.property,
      ...(v.site === undefined ? {} : { site: v.site }),
      message: v.message,
      trace: v.trace.map((t) => ({ action: t.action, state: toJSON(t.state) })),
    })),
  };
}

export function exitCode<S>(r: SearchResult<S>): number {
  return EXIT[r.verdict];
}

/** How states were stored, and what that means for the verdict. */
export function storageLine<S>(r: SearchResult<S>): string {
  const st = r.storage;
  if (st.mode === 'exact') {
    return st.collisions === 0 ? 'exact: full states compared; no two states shared a fingerprint'
      : `exact: full states compared; ${st.collisions} states shared a fingerprint with another (fingerprint mode would have missed them)`;
  }
  if (st.mode === 'keys') return 'exact keys';
  return `64-bit fingerprints: probability of a missed state ${st.collisionProbability.toExponential(1)} (TLC's estimate; --exact to rule it out)`;
}

export function humanReport(model: HotplugModel, r: SearchResult<StateVector>, color: boolean): string {
  const c = pc.createColors(color);
  const cfg = model.config;
  const patches = cfg.patches.length ? cfg.patches.map((p) => p.name).join(', ') : 'none';
  const lines = [
    `hpcheck ${VERSION}: layout ${cfg.layout.name}, kernel ${cfg.profile.name}, patches: ${patches}`,
    `  properties: ${cfg.properties.map((p) => p.name).join(', ')}`,
    `  ${r.states} states, ${r.transitions} transitions, depth ${r.depth}, ${r.seconds.toFixed(2)} s`,
    `  ${storageLine(r)}`,
  ];
  r.violations.forEach((v, i) => {
    const sites = r.violations.filter((x) => x.property === v.property && x.site !== undefined);
    const first = i === 0 || r.violations[i - 1]!.property !== v.property;
    if (first && sites.length > 1) lines.push('', c.bold(`${v.property}: violated at ${sites.length} sites, ${sites.map((x) => x.site).join(', ')}`));
    lines.push('', ...tellViolation(model, v, c));
  });
  lines.push('', verdictLine(r, cfg.properties.length, 'state', c));
  return lines.join('\n');
}

/** The last line of a report: verified (in every reachable `unit`), bounded, or how many of `checked` properties fail. */
export function verdictLine<S>(r: SearchResult<S>, checked: number, unit: string, c: Colors): string {
  return r.verdict === 'verified' ? c.green(c.bold(`VERIFIED: every property holds in every reachable ${unit}`))
    : r.verdict === 'bounded' ? c.yellow(c.bold('BOUNDED: --max-states reached before the search finished; nothing found, nothing proved'))
      : c.red(c.bold(`VIOLATION: ${failing(r)} of ${checked} properties fail${r.bounded ? ' (search stopped early)' : ''}`));
}

/** "2", or "2 (at 5 sites)" when some property failed at more than one site. */
function failing<S>(r: SearchResult<S>): string {
  const properties = new Set(r.violations.map((v) => v.property)).size;
  return properties === r.violations.length ? `${properties}` : `${properties} (at ${r.violations.length} sites)`;
}
