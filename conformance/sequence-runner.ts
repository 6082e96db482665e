/**
 * Steps a sequence on both sides, the kernel (a live guest, or a recorded trace) and the model,
 * and compares their sysfs views after boot and after every step.
 */
import type { Patch } from '../model/kernels/behaviour.ts';
import type { Profile } from '../model/kernels/profiles.ts';
import { compareViews, type CompareContext, type Diff } from './compare.ts';
import { BLOCK_SIZE, layoutDimms, machineLayout, placeDimms, type DimmOp, type PlacedDimm, type QemuMachine } from './machine.ts';
import { ModelSide } from './model-side.ts';
import { stepText, type AbstractionId, type BlockRef, type Catalogue, type KnownDivergence, type ReadWhat, type Sequence, type Step } from './sequence.ts';
import type { SysfsView } from './view.ts';

/**
 * The kernel as a sequence drives it: each operation returns the errno name ("" for success).
 * conformance/guest.ts implements it on a live QEMU guest, conformance/recorded.ts on a trace.
 */
export interface KernelSide {
  addDimm(name: string, node: number, size: number, expectedAddr: number, blocks: readonly number[]): Promise<string>;
  removeDimm(name: string, blocks: readonly number[]): Promise<string>;
  writeState(block: number, value: string): Promise<string>;
  /** A read (conformance/sequence.ts): "" when the kernel stayed silent, "OOPS" when it printed an oops. */
  read(what: ReadWhat, block: number | null): Promise<string>;
  /** The sysfs view after `step` ("boot" for the boot state). */
  snapshot(step: string): Promise<SysfsView>;
}

export interface StepRecord {
  readonly step: string;
  readonly realErrno: string;
  readonly modelErrno: string;
  readonly diffs: readonly Diff[];
  /** An allowed kernel outcome the model does not predict, with its reason. */
  readonly allowed?: string;
}

export interface Comparison {
  readonly records: StepRecord[];
  /** Allowed outcomes that occurred. */
  readonly allowed: string[];
  /** Known divergences that occurred, as declared. */
  readonly known: string[];
}

/** The DIMM placements of a sequence, in the order of its adds. */
function placements(seq: Sequence, machine: QemuMachine): PlacedDimm[] {
  const ops: DimmOp[] = seq.steps.flatMap((s): DimmOp[] => (s.op === 'add' ? [{ op: 'add', name: s.dimm, node: s.node, size: s.size }] : s.op === 'remove' ? [{ op: 'remove', name: s.dimm }] : []));
  return placeDimms(ops, machine.coldDimms);
}

export class SequenceRunner {
  private readonly placed: PlacedDimm[];
  private readonly layoutIndex: number[];
  /** Per DIMM name: the index (into `placed`) of its current placement. */
  private readonly current = new Map<string, number>();
  private adds = 0;
  readonly model: ModelSide;
  readonly bootBlocks: Set<number>;
  readonly bootNodes: Set<number>;

  constructor(readonly seq: Sequence, machine: QemuMachine, profile: Profile, readonly abstractions: ReadonlySet<AbstractionId>, patches: readonly Patch[] = []) {
    this.placed = placements(seq, machine);
    const { dimms, index } = layoutDimms(this.placed);
    this.layoutIndex = index;
    const l = machineLayout(machine, seq.name, dimms);
    if (!l.ok) throw new Error(l.error);
    for (const c of machine.coldDimms ?? []) this.current.set(c.name, this.adds++);
    this.model = new ModelSide(l.layout, profile, patches);
    this.bootBlocks = new Set([...this.model.view().blocks.keys()]);
    this.bootNodes = new Set(machine.nodes.flatMap((n, id) => (n.memMiB > 0 ? [id] : [])));
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
  async step(guest: KernelSide, s: Step): Promise<{ real: string; allowed?: string }> {
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
    if (s.op === 'read') {
      const b = s.block === undefined ? null : this.block(s.block);
      const real = await guest.read(s.what, b);
      this.model.read(s.what, b);
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
 * compareSequence() - compare the boot state, then run and compare each step. Stops at the
 * first step with a difference (later states would differ for that reason alone).
 * Throws on a harness or QEMU failure; `out` keeps what was compared until then.
 */
export async function compareSequence(seq: Sequence, cat: Catalogue, defaultMachine: QemuMachine, profile: Profile, kernel: KernelSide, out: Comparison): Promise<void> {
  const runner = new SequenceRunner(seq, seq.machine ?? defaultMachine, profile, new Set(cat.abstractions.map((a) => a.id)));
  const ctx = runner.context();
  let at = 0;
  const compare = async (step: string, real: string, allowedWhy?: string): Promise<boolean> => {
    const all = compareViews(await kernel.snapshot(step), runner.model.view(), real, runner.model.errno, ctx);
    const declared = (seq.known ?? []).filter((k) => k.after === at);
    const matches = (d: Diff, k: KnownDivergence): boolean => d.field === k.field && d.real === k.real && d.model === k.model;
    const diffs = all.filter((d) => !declared.some((k) => matches(d, k)));
    for (const k of declared) {
      if (all.some((d) => matches(d, k))) out.known.push(`after ${step}: ${k.field}: ${k.real} | ${k.model} (${k.reason})`);
      else diffs.push({ field: `declared divergence ${k.field}`, real: 'did not occur', model: `${k.real} | ${k.model}` });
    }
    out.records.push(record(step, real, runner.model.errno, diffs, allowedWhy));
    at++;
    return diffs.length === 0;
  };
  if (!(await compare('boot', ''))) return;
  for (const s of seq.steps) {
    runner.model.errno = '';
    const r = await runner.step(kernel, s);
    const text = stepText(s);
    if (r.allowed !== undefined) {
      out.allowed.push(`${text}: ${r.real} (${r.allowed})`);
      runner.model.errno = r.real;
    }
    if (!(await compare(text, r.real, r.allowed))) return;
  }
}
