/**
 * `check --out FILE.itf.json` and `check --html FILE`: the counterexamples of a search,
 * saved as ITF traces and drawn as one page.
 */
import { writeOutput } from '../../run/output-files.ts';
import type { SearchResult, Violation } from '../../explore/model.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';
import type { LockModel } from '../../model/locking/lock-model.ts';
import type { StateVector } from '../../model/state.ts';
import { itfTrace, toItf, writeItf, type ItfTrace } from '../../run/itf.ts';
import { viewPage } from '../view/view-page.ts';
import { viewTrace } from '../view/view-data.ts';

export { unwritable } from '../../run/output-files.ts';

/** `t.itf.json` -> `t`, `t.json` -> `t`. */
export const traceStem = (file: string): string => file.replace(/(\.itf)?\.json$/, '');

/**
 * The file each violation is written to: the first to `file` itself, the others beside it
 * with their property in the name (`t.itf.json`, `t.no-kernel-bug.itf.json`).
 */
export function traceFileNames(file: string, properties: readonly string[]): string[] {
  return properties.map((p, i) => (i === 0 ? file : `${traceStem(file)}.${p}.itf.json`));
}

/**
 * writeViolations() - the ITF trace of each violation of `r`, one file each
 * @itf: a violation of the searched model as ITF
 *
 * Return: one line per file written.
 */
export function writeViolations(r: SearchResult<StateVector>, file: string, itf: (v: Violation<StateVector>) => ItfTrace): string[] {
  const names = traceFileNames(file, r.violations.map((v) => v.property));
  return r.violations.map((v, i) => {
    writeItf(names[i]!, itf(v));
    return `wrote ${names[i]} (${v.property}, ${v.trace.length - 1} steps)`;
  });
}

/** Writes the ITF traces of a hotplug search; returns one line per file written. */
export function writeTraces(model: HotplugModel, r: SearchResult<StateVector>, file: string, patchArgs: readonly string[]): string[] {
  return writeViolations(r, file, (v) => toItf(model, v.property, v.message, v.trace, { origin: 'check', seed: null, patchArgs }));
}

/** Writes one page showing every violation of `r`; returns the line to print. */
export function writeHtml(model: HotplugModel, r: SearchResult<StateVector>, file: string, patchArgs: readonly string[]): string {
  const traces = r.violations.map((v) => viewTrace(model, patchArgs, { property: v.property, message: v.message, trace: v.trace }));
  writeOutput('--html', file, viewPage(traces));
  return `wrote ${file} (${traces.length} counterexample${traces.length === 1 ? '' : 's'})`;
}

/** Writes each counterexample as an ITF trace (`#meta.model` is "lock"); returns one line per file. */
export function writeLockTraces(model: LockModel, r: SearchResult<Uint16Array>, file: string): string[] {
  const c = model.config;
  return writeViolations(r, file, (v) => itfTrace((s) => model.toJSON(s), v.trace,
    `${v.property} fails after ${v.trace.length - 1} steps in lock scenario ${c.scenario.name}, kernel ${c.profile.name}: ${v.message}`, {
      model: 'lock', layout: { name: c.scenario.name }, kernel: c.profile.name, patches: c.patches.map((p) => p.name),
      property: v.property, message: v.message, seed: null, origin: 'check',
    }));
}
