/**
 * Runs conformance sequences: each on its own QEMU boot, with the model stepped alongside and
 * the two sysfs views compared after boot and after every step.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../model/kernels/profiles.ts';
import { compareViews, type CompareContext, type Diff } from './compare.ts';
import { Guest } from './guest.ts';
import { BLOCK_SIZE, layoutDimms, machineLayout, placeDimms, type DimmOp, type PlacedDimm, type QemuMachine } from './machine.ts';
import { ModelSide } from './model-side.ts';
import { QemuRun } from './qemu.ts';
import { stepText, type AbstractionId, type BlockRef, type Catalogue, type KnownDivergence, type Sequence, type Step } from './sequence.ts';

export interface RunOptions {
  readonly kernel: string;
  readonly initrd: string;
  /** Logs of each sequence go to `workDir`/<sequence>/. */
  readonly workDir: string;
  readonly machine: QemuMachine;
  readonly profile: Profile;
  /** Wall-clock budget of one sequence, boot included. */
  readonly deadlineMs: number;
}

export interface StepRecord {
  readonly step: string;
  readonly realErrno: string;
  readonly modelErrno: string;
  readonly diffs: readonly Diff[];
  /** An allowed kernel outcome the model does not predict, with its reason. */
  readonly allowed?: string;
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
  /** Known divergences that occurred, as declared. */
  readonly known: readonly string[];
  readonly seconds: number;
}

/** The DIMM placements of a sequence, in the order of its adds. */
function placements(seq: Sequence): PlacedDimm[] {
  const ops: DimmOp[] = seq.steps.flatMap((s): DimmOp[] => (s.op === 'add' ? [{ op: 'add', name: s.dimm, node: s.node, size: s.size }] : s.op === 'remove' ? [{ op: 'remove', name: s.dimm }] : []));
  return placeDimms(ops);
}

class SequenceRunner {
  private readonly placed: PlacedDimm[];
  private readonly layoutIndex: number[];
  /** Per DIMM name: the index (into `placed`) of its current placement. */
  private readonly current = new Map<string, number>();
  private adds = 0;
  readonly model: ModelSide;
  readonly bootBlocks: Set<number>;
  readonly bootNodes: Set<number>;

  constructor(readonly seq: Sequence, readonly o: RunOptions, readonly abstractions: ReadonlySet<AbstractionId>) {
    this.placed = placements(seq);
    const { dimms, index } = layoutDimms(this.placed);
    this.layoutIndex = index;
    const l = machineLayout(o.machine, seq.name, dimms);
    if (!l.ok) throw new Error(l.error);
    this.model = new ModelSide(l.layout, o.profile);
    this.bootBlocks = new Set([...this.model.view().blocks.keys()]);
    this.bootNodes = new Set(o.machine.nodes.flatMap((n, id) => (n.memMiB > 0 ? [id] : [])));
  }

  context(): CompareContext {
    return { bootBlocks: this.bootBlocks, bootNodes: this.bootNodes, on: this.abstractions };
  }

  private dimm(name: string): { p: PlacedDimm; d: number; blocks: number[] } {
    const i = this.current.get(name);
    if (i === undefined) throw new Error(`sequence ${this.seq.name}: DIMM ${name} is not plugged`);
    const d = this.layoutIndex[i]!;
    return { p: this.placed[i]!, d, blocks: this.model.dimmBlocks(d) };
  }

  block(ref: BlockRef): number {
    if ('block' in ref) return ref.block;
    const p = this.placed[this.current.get(ref.dimm) ?? -1];
    if (!p) throw new Error(`sequence ${this.seq.name}: DIMM ${ref.dimm} is not plugged`);
    return p.start / BLOCK_SIZE + ref.index;
  }

  /** Runs one step on both sides. Return: the kernel's errno, and the allowance used if any. */
  async step(guest: Guest, s: Step): Promise<{ real: string; allowed?: string }> {
    if (s.op === 'add') {
      const i = this.adds++;
      this.current.set(s.dimm, i);
      const { p, d, blocks } = this.dimm(s.dimm);
      const real = await guest.addDimm(s.dimm, s.node, s.size, p.start, blocks);
      this.model.add(d);
      return { real };
    }
    if (s.op === 'remove') {
      const { d, blocks } = this.dimm(s.dimm);
      const real = await guest.removeDimm(s.dimm, blocks);
      if (real === s.allow?.errno) return { real, allowed: s.allow.reason };
      this.model.eject(d);
      if (real === '') this.current.delete(s.dimm);
      return { real };
    }
    const b = this.block(s.block);
    const real = await guest.writeState(b, s.value);
    if (real === s.allow?.errno) return { real, allowed: s.allow.reason };
    this.model.writeState(b, s.value);
    return { real };
  }
}

function record(step: string, realErrno: string, modelErrno: string, diffs: Diff[], allowed?: string): StepRecord {
  return allowed === undefined ? { step, realErrno, modelErrno, diffs } : { step, realErrno, modelErrno, diffs, allowed };
}

/**
 * runSequence() - boot, compare the boot state, then each step. Stops at the first step with
 * a difference (later states would differ for that reason alone).
 */
export async function runSequence(seq: Sequence, cat: Catalogue, o: RunOptions): Promise<SequenceResult> {
  const started = Date.now();
  const dir = join(o.workDir, seq.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const records: StepRecord[] = [];
  const allowed: string[] = [];
  const known: string[] = [];
  const finish = (extra: { error?: string }): SequenceResult => {
    const bad = records.find((r) => r.diffs.length > 0);
    const res: SequenceResult = {
      name: seq.name, steps: seq.steps.length, pass: bad === undefined && extra.error === undefined,
      ...(bad ? { first: { step: bad.step, diff: bad.diffs[0]! } } : {}), ...extra,
      records, allowed, known, seconds: (Date.now() - started) / 1000,
    };
    writeFileSync(join(dir, 'result.json'), `${JSON.stringify(res, null, 2)}\n`);
    return res;
  };
  let runner: SequenceRunner;
  try {
    runner = new SequenceRunner(seq, o, new Set(cat.abstractions.map((a) => a.id)));
  } catch (e) {
    return finish({ error: (e as Error).message });
  }
  let qemu: QemuRun | null = null;
  try {
    qemu = await QemuRun.boot({ kernel: o.kernel, initrd: o.initrd, workDir: dir, machine: o.machine, deadlineMs: o.deadlineMs });
    const guest = new Guest(qemu, (step, lines) => appendFileSync(join(dir, 'snapshots.txt'), `# ${step}\n${lines.join('\n')}\n`));
    const ctx = runner.context();
    let at = 0;
    const compare = async (step: string, real: string, allowedWhy?: string): Promise<boolean> => {
      const all = compareViews(await guest.snapshot(step), runner.model.view(), real, runner.model.errno, ctx);
      const declared = (seq.known ?? []).filter((k) => k.after === at);
      const matches = (d: Diff, k: KnownDivergence): boolean => d.field === k.field && d.real === k.real && d.model === k.model;
      const diffs = all.filter((d) => !declared.some((k) => matches(d, k)));
      for (const k of declared) {
        if (all.some((d) => matches(d, k))) known.push(`after ${step}: ${k.field}: ${k.real} | ${k.model} (${k.reason})`);
        else diffs.push({ field: `declared divergence ${k.field}`, real: 'did not occur', model: `${k.real} | ${k.model}` });
      }
      records.push(record(step, real, runner.model.errno, diffs, allowedWhy));
      at++;
      return diffs.length === 0;
    };
    if (!(await compare('boot', ''))) return finish({});
    for (const s of seq.steps) {
      runner.model.errno = '';
      const r = await runner.step(guest, s);
      const text = stepText(s);
      if (r.allowed !== undefined) {
        allowed.push(`${text}: ${r.real} (${r.allowed})`);
        runner.model.errno = r.real;
      }
      if (!(await compare(text, r.real, r.allowed))) return finish({});
    }
    return finish({});
  } catch (e) {
    return finish({ error: (e as Error).message.split('\n')[0]! });
  } finally {
    if (qemu) await qemu.close();
  }
}
