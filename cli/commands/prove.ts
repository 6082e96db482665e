/**
 * `hpcheck prove --kernel K --patch P`: the sweep with and without the patch, and what it
 * removes, introduces and leaves, with the exact bounds of what was covered.
 * Exit: 0 proved within bounds, 1 not proved (something introduced, a run bounded), 2 bad input.
 */
import pc from 'picocolors';
import type { Violation } from '../../explore/model.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { findPatch } from '../../model/kernels/patches.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import type { StateVector } from '../../model/state.ts';
import { findProperty } from '../../properties/index.ts';
import { search } from '../../explore/index.ts';
import { parseLayoutName } from '../../model/layout/enumerate.ts';
import { describeLayout, specLayout } from '../../model/layout/layout-file.ts';
import { proveVerdict, type Change, type Example, type ProveVerdict } from '../../sweep/prove.ts';
import { boundsText, type Summary } from '../../sweep/summary.ts';
import type { SweepOptions } from '../../sweep/sweep.ts';
import { resolvePatches } from '../../run/resolve.ts';
import { tellViolation, type Colors } from '../report/story.ts';
import { commonOptions, summaryJson, sweepWithProgress, unwrap, usageExit, type RunFlags } from './sweep-run.ts';
import { makeConfig, parseKernels, parsePatches } from '../options/sweep-options.ts';


const num = (n: number): string => n.toLocaleString('en-US');

/** Re-runs the smallest example, checking only its property, to tell its trace as a story. */
async function story(kernel: string, patches: readonly string[], property: string, ex: Example, c: Colors): Promise<string[]> {
  const spec = unwrap(parseLayoutName(ex.name));
  const loaded = unwrap(await resolvePatches(patches));
  const model = new HotplugModel({ layout: specLayout(spec), profile: findProfile(kernel)!, patches: loaded, properties: [findProperty(property)!] });
  const result = search(model, model.properties, { stopAtFirst: true });
  const v = result.violations[0] as Violation<StateVector> | undefined;
  const names = v?.trace.slice(1).map((t) => t.action);
  if (!v || JSON.stringify(names) !== JSON.stringify(ex.trace)) {
    throw new Error(`hpcheck bug: re-running ${ex.name} on ${kernel} did not give the sweep's trace for ${property}`);
  }
  return tellViolation(model, v, c).map((l) => `    ${l}`);
}

function changeTable(changes: readonly Change[]): string[] {
  const rows = changes.map((ch) => [ch.property, `${num(ch.classes)} (${num(ch.layouts)} layouts)`, ch.smallest.name, String(ch.smallest.steps)]);
  const header = ['property', 'classes', 'smallest layout', 'steps'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd()}`;
  return [line(header), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...rows.map(line)];
}

function compactTrace(ch: Change): string[] {
  const spec = unwrap(parseLayoutName(ch.smallest.name));
  return [
    `  ${ch.property} on ${ch.smallest.name}: ${describeLayout(spec)}`,
    ...ch.smallest.trace.map((a, i) => `    ${String(i + 1).padStart(3)}  ${a}`),
    `         ${ch.smallest.message}`,
  ];
}

function coverageLines(s: Summary, v: ProveVerdict, maxStates: number | null): string[] {
  const rows = (label: string) => s.rows.find((r) => r.config === label)!;
  const b = rows(v.base);
  const p = rows(v.patched);
  const table: [string, string][] = [
    ['bounds', boundsText(s.bounds)],
    ['layouts', `${num(s.layouts)} before symmetry, ${num(s.classes)} classes after (node renamings that keep the boot registration order)`],
    ['properties', s.properties.join(', ')],
    ['runs', `${num(s.runs)} of ${num(s.expectedRuns)} (${num(b.runs)} on ${v.base}, ${num(p.runs)} on ${v.patched})`],
    ['states', `${num(s.states)} (${num(b.states)} + ${num(p.states)})`],
    ['transitions', `${num(s.transitions)} (${num(b.transitions)} + ${num(p.transitions)})`],
    ['bounded runs', `${num(s.boundedRuns)} (--max-states ${maxStates === null ? 'none' : num(maxStates)} per run)`],
    ['actions fired', `${v.actions.patched.fired.length} of ${v.actions.patched.fired.length + v.actions.patched.neverFired.length} kinds on ${v.patched}`],
  ];
  const w = Math.max(...table.map(([k]) => k.length));
  return table.map(([k, x]) => `  ${k.padEnd(w)}  ${x}`);
}

function actionWarnings(v: ProveVerdict, c: Colors): string[] {
  const out: string[] = [];
  for (const [label, a] of [[v.base, v.actions.base], [v.patched, v.actions.patched]] as const) {
    if (a.neverFired.length) {
      out.push(c.yellow(`  warning: on ${label} these actions never fired, so the result says nothing about them: ${a.neverFired.join(', ')}`));
    }
    if (a.neverSucceeded.length) out.push(`  note: on ${label} these actions fired but never succeeded: ${a.neverSucceeded.join(', ')}`);
  }
  return out;
}

async function humanReport(kernel: string, patches: readonly string[], s: Summary, v: ProveVerdict, maxStates: number | null, c: Colors): Promise<string[]> {
  const named = patches.map((p) => findPatch(p)?.description).filter(Boolean);
  const lines = [c.bold(`hpcheck prove: ${v.patched} against ${v.base}${named.length ? ` (${named.join('; ')})` : ''}`), ''];
  lines.push(c.bold(`Removed by the patch: violated on ${v.base}, holding on ${v.patched}`));
  if (v.removed.length === 0) lines.push('  none');
  else {
    lines.push(...changeTable(v.removed), '', '  Smallest layout and trace on the kernel without the patch, per property:');
    for (const ch of v.removed) lines.push(...compactTrace(ch));
  }
  lines.push('', c.bold(`Introduced by the patch: violated on ${v.patched}, holding on ${v.base}`));
  if (v.introduced.length === 0) lines.push('  none');
  else {
    lines.push(...changeTable(v.introduced));
    const told = new Map<string, string>();
    for (const ch of v.introduced) {
      const key = `${ch.smallest.name}\0${ch.smallest.trace.join('\0')}`;
      const same = told.get(key);
      lines.push('', `  Smallest counterexample for ${ch.property}, on ${ch.smallest.name}: ${describeLayout(unwrap(parseLayoutName(ch.smallest.name)))}`);
      if (same) lines.push(`    ${c.red(c.bold(`✗ ${ch.property}`))}: ${ch.smallest.message}`, `      the same ${ch.smallest.steps} steps as the counterexample for ${same} above`);
      else lines.push(...(await story(kernel, patches, ch.property, ch.smallest, c)));
      if (!same) told.set(key, ch.property);
    }
  }
  lines.push('', c.bold(`Violated with and without the patch`));
  lines.push(...(v.remaining.length ? changeTable(v.remaining) : ['  none']));
  lines.push('', c.bold('Coverage'), ...coverageLines(s, v, maxStates), ...actionWarnings(v, c), '');
  const reasons = [
    ...(v.introduced.length ? [`it introduces violations of ${v.introduced.map((x) => x.property).join(', ')}`] : []),
    ...(s.boundedRuns ? [`${s.boundedRuns} runs hit --max-states`] : []),
    ...(v.complete ? [] : [`${s.expectedRuns - s.runs} runs did not run`]),
  ];
  lines.push(v.proved
    ? c.green(c.bold(`PROVED WITHIN BOUNDS: ${v.patched} introduces no violation on any layout with ${boundsText(s.bounds)}`))
    : c.red(c.bold(`NOT PROVED: ${reasons.join('; ')}`)));
  return lines;
}

export async function proveCommand(f: RunFlags & { kernel?: string }): Promise<void> {
  if (f.kernel === undefined) usageExit('--kernel: required (the kernel the patch applies to)');
  const [kernel] = unwrap(parseKernels([f.kernel]));
  if (f.kernel === 'all') usageExit('--kernel all: prove takes one kernel');
  if (f.patch.length === 0) usageExit('--patch: required (a named patch or a ./file.ts module)');
  const patches = unwrap(await parsePatches(f.patch));
  const base = makeConfig(kernel!, []);
  const patched = makeConfig(kernel!, patches);
  const options: SweepOptions = { ...commonOptions(f), configs: [base, patched], shard: null };
  const outcome = await sweepWithProgress(options, f.json !== true);
  const s = outcome.summary;
  const v = proveVerdict(s, outcome.records, base.label, patched.label);
  if (f.json) {
    process.stdout.write(`${JSON.stringify(summaryJson(s, { prove: v, seconds: Number(outcome.seconds.toFixed(1)), jobs: options.jobs }))}\n`);
  } else {
    const c = pc.createColors(process.stdout.isTTY === true);
    const lines = await humanReport(kernel!, patches, s, v, options.maxStates, c);
    lines.push(`  (${outcome.seconds.toFixed(1)} s on ${options.jobs} job${options.jobs === 1 ? '' : 's'})`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = v.proved ? 0 : 1;
}
