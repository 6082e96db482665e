/**
 * The recorded Linux 6.1 runs (test/fixtures/conformance/) as import inputs: the boot log
 * the run saved, a sysfs copy (guest/sysfs.sh) written back into a directory, and the layout
 * the conformance harness gave the model for that run (conformance/machine.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { layoutDimms, machineLayout, placeDimms, REFERENCE_MACHINE, type DimmOp } from '../../conformance/machine.ts';
import type { TraceEntry } from '../../conformance/recorded.ts';
import type { Sequence } from '../../conformance/sequence.ts';
import { search } from '../../explore/index.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import type { Layout } from '../../model/layout/types.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { ROOT } from '../cli/run-cli.ts';
import { CATALOGUE } from '../../conformance/catalogue.ts';

export interface Recording {
  readonly seq: Sequence;
  readonly dmesg: string;
  readonly trace: readonly TraceEntry[];
}

export function recording(name: string): Recording {
  const seq = CATALOGUE.sequences.find((s) => s.name === name);
  if (!seq) throw new Error(`no sequence ${name}`);
  const file = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/conformance', `${name}.json`), 'utf8')) as { dmesg?: string[]; trace: TraceEntry[] };
  if (!file.dmesg) throw new Error(`${name}: the recording has no boot log`);
  return { seq, dmesg: `${file.dmesg.join('\n')}\n`, trace: file.trace };
}

/** The DIMMs of a sequence as the harness places them (first fit from 4 GiB). */
export function sequenceDimms(seq: Sequence) {
  const ops: DimmOp[] = seq.steps.flatMap((s): DimmOp[] => (s.op === 'add' ? [{ op: 'add', name: s.dimm, node: s.node, size: s.size }] : s.op === 'remove' ? [{ op: 'remove', name: s.dimm }] : []));
  return layoutDimms(placeDimms(ops)).dimms;
}

/** The layout the conformance harness gave the model for this recorded run. */
export function harnessLayout(seq: Sequence): Layout {
  const l = machineLayout(seq.machine ?? REFERENCE_MACHINE, seq.name, sequenceDimms(seq));
  if (!l.ok) throw new Error(l.error);
  return l.layout;
}

/** The sysfs copy taken when the most DIMMs were present (the most firmware_node groups). */
export function peakCopy(trace: readonly TraceEntry[]): readonly string[] {
  const groups = (lines: readonly string[]) => new Set(lines.filter((l) => l.includes('/firmware_node\t')).map((l) => l.split('\t')[1])).size;
  const copies = trace.flatMap((t) => (t.sysfs ? [t.sysfs] : []));
  return copies.reduce((best, c) => (groups(c) > groups(best) ? c : best), copies[0]!);
}

/** Writes a guest/sysfs.sh copy back as files and links under a new temporary directory. */
export function materialize(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hpcheck-sysfs-copy-'));
  for (const line of lines) {
    const [head, value] = line.split('\t') as [string, string];
    const path = join(dir, head.slice(2));
    mkdirSync(dirname(path), { recursive: true });
    if (head.startsWith('L ')) symlinkSync(value, path);
    else writeFileSync(path, `${value ?? ''}\n`);
  }
  return dir;
}

/** check --kernel v6.1 of a layout, all properties: the verdict and the state count. */
export function checkV61(layout: Layout): { verdict: string; states: number } {
  const m = new HotplugModel({ layout, profile: findProfile('v6.1')!, patches: [], properties: PROPERTIES });
  const r = search(m, m.properties);
  return { verdict: r.verdict, states: r.states };
}
