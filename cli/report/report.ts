/**
 * The report of a `check` run: the JSON object and the human report with its story, for the
 * hotplug model and the lock model.
 */
import pc from 'picocolors';
import type { SearchResult } from '../../explore/model.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';
import type { LockModel } from '../../model/locking/lock-model.ts';
import type { StateVector } from '../../model/state.ts';
import { VERSION } from '../../run/version.ts';
import { tellLockViolation } from './lock-report.ts';
import { tellViolation, type Colors } from './story.ts';

/** What a run checked, by name, for its JSON object. */
export interface RunNames {
  readonly layout: string;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

/** The `--json` object of `check` (docs/cli.md#hpcheck-check). */
export function resultJson(model: HotplugModel, r: SearchResult<StateVector>): Record<string, unknown> {
  const c = model.config;
  const names = { layout: c.layout.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name), properties: c.properties.map((p) => p.name) };
  return runJson(names, (s) => model.toJSON(s), r);
}

/** The `--json` object of `check` (docs/cli.md#hpcheck-check) for any model: its names, and each trace state in readable form. */
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
      message: v.message,
      trace: v.trace.map((t) => ({ action: t.action, state: toJSON(t.state) })),
    })),
  };
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
  for (const v of r.violations) lines.push('', ...tellViolation(model, v, c));
  lines.push('', verdictLine(r, cfg.properties.length, 'state', c));
  return lines.join('\n');
}

/** The last line of a report: verified (in every reachable `unit`), bounded, or how many of `checked` properties fail. */
export function verdictLine<S>(r: SearchResult<S>, checked: number, unit: string, c: Colors): string {
  return r.verdict === 'verified' ? c.green(c.bold(`VERIFIED: every property holds in every reachable ${unit}`))
    : r.verdict === 'bounded' ? c.yellow(c.bold('BOUNDED: --max-states reached before the search finished; nothing found, nothing proved'))
      : c.red(c.bold(`VIOLATION: ${r.violations.length} of ${checked} properties fail${r.bounded ? ' (search stopped early)' : ''}`));
}

export function lockResultJson(model: LockModel, r: SearchResult<Uint16Array>): Record<string, unknown> {
  const c = model.config;
  const names = { layout: c.scenario.name, kernel: c.profile.name, patches: c.patches.map((p) => p.name), properties: c.properties.map((p) => p.name) };
  return { ...runJson(names, (s) => model.toJSON(s), r), model: 'lock' };
}

export function lockHumanReport(model: LockModel, r: SearchResult<Uint16Array>, color: boolean): string {
  const c = pc.createColors(color);
  const cfg = model.config;
  const patches = cfg.patches.length ? cfg.patches.map((p) => p.name).join(', ') : 'none';
  const lines = [
    `hpcheck ${VERSION}: lock scenario ${cfg.scenario.name} (seed ${cfg.scenario.seed}), kernel ${cfg.profile.name}, patches: ${patches}`,
    `  ${cfg.scenario.description}`,
    ...model.programs.map((p, t) => `  T${t} ${p.task}: ${p.command}`),
    `  properties: ${cfg.properties.map((p) => p.name).join(', ')}`,
    `  ${r.states} states, ${r.transitions} transitions, depth ${r.depth}, ${r.seconds.toFixed(2)} s`,
    `  ${storageLine(r)}`,
  ];
  for (const v of r.violations) lines.push('', ...tellLockViolation(model, v).map((l, i) => (i === 0 ? c.bold(l) : l)));
  lines.push('', verdictLine(r, cfg.properties.length, 'interleaving', c));
  return lines.join('\n');
}

