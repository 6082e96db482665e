/**
 * Runs conformance sequences on a live guest: each on its own QEMU boot, with the model stepped
 * alongside (sequence-runner.ts). Each run leaves its logs in <workDir>/<sequence>/:
 * console.log, snapshots.txt, result.json and trace.json (what recorded.ts replays, with the boot
 * log as far as the guest shell came up, which `layout import --dmesg` reads).
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../model/kernels/profiles.ts';
import type { Diff } from './compare.ts';
import { Guest } from './guest.ts';
import type { QemuMachine } from './machine.ts';
import { QemuRun } from './qemu.ts';
import type { TraceEntry } from './recorded.ts';
import { compareSequence, type Comparison, type StepRecord } from './sequence-runner.ts';
import type { Catalogue, Sequence } from './sequence.ts';

export interface RunOptions {
  readonly kernel: string;
  readonly initrd: string;
  /** Logs of each sequence go to `workDir`/<sequence>/. */
  readonly workDir: string;
  /** The machine of sequences that do not name their own. */
  readonly machine: QemuMachine;
  readonly profile: Profile;
  /** Wall-clock budget of one sequence, boot included. */
  readonly deadlineMs: number;
}

export interface SequenceResult {
  readonly name: string;
  readonly steps: number;
  readonly pass: boolean;
  /** The first step with a difference, and its first differing field. */
  readonly first?: { readonly step: string; readonly diff: Diff };
  /** A harness or QEMU failure: the sequence did not run to its end. */
  readonly error?: string;
  readonly records: readonly StepRecord[];
  readonly allowed: readonly string[];
  readonly known: readonly string[];
  readonly bootSeconds: number;
  readonly seconds: number;
}

/** summarize() - the result of a comparison: it passes when every step was compared without a difference. */
export function summarize(seq: Sequence, c: Comparison, error: string | undefined, bootSeconds: number, seconds: number): SequenceResult {
  const bad = c.records.find((r) => r.diffs.length > 0);
  const complete = c.records.length === seq.steps.length + 1;
  return {
    name: seq.name, steps: seq.steps.length, pass: bad === undefined && error === undefined && complete,
    ...(bad ? { first: { step: bad.step, diff: bad.diffs[0]! } } : {}),
    ...(error !== undefined ? { error } : {}),
    records: c.records, allowed: c.allowed, known: c.known, bootSeconds, seconds,
  };
}

/** runSequence() - boot QEMU, compare the sequence, and kill QEMU whatever happened. */
export async function runSequence(seq: Sequence, cat: Catalogue, o: RunOptions): Promise<SequenceResult> {
  const started = Date.now();
  const dir = join(o.workDir, seq.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const c: Comparison = { records: [], allowed: [], known: [] };
  const trace: TraceEntry[] = [];
  let error: string | undefined;
  let qemu: QemuRun | null = null;
  let bootLog: string[] = [];
  try {
    qemu = await QemuRun.boot({ kernel: o.kernel, initrd: o.initrd, workDir: dir, machine: seq.machine ?? o.machine, deadlineMs: o.deadlineMs });
    bootLog = readFileSync(join(dir, 'console.log'), 'utf8').split('\n').filter((l) => l !== '');
    const guest = new Guest(qemu, (step, errno, lines, sysfs) => {
      trace.push({ step, errno, snapshot: [...lines], ...(sysfs ? { sysfs: [...sysfs] } : {}) });
      appendFileSync(join(dir, 'snapshots.txt'), `# ${step}\n${lines.join('\n')}\n`);
    });
    await compareSequence(seq, cat, o.machine, o.profile, guest, c);
  } catch (e) {
    error = (e as Error).message.split('\n')[0]!;
  } finally {
    if (qemu) await qemu.close();
  }
  const res = summarize(seq, c, error, qemu?.bootSeconds ?? 0, (Date.now() - started) / 1000);
  writeFileSync(join(dir, 'result.json'), `${JSON.stringify(res, null, 2)}\n`);
  writeFileSync(join(dir, 'trace.json'), `${JSON.stringify({ sequence: seq.name, kernel: o.kernel, dmesg: bootLog, trace }, null, 1)}\n`);
  return res;
}
