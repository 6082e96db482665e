/**
 * A recorded run of the real kernel (the trace.json a live run writes) as a `KernelSide`, so
 * a sequence can be compared with the model again without QEMU: test/conformance/ keeps some
 * as fixtures, which pins the model to what Linux 6.1 did.
 */
import type { KernelSide } from './sequence-runner.ts';
import { parseSnapshot, type SysfsView } from './view.ts';

export interface TraceEntry {
  /** The step this snapshot follows ("boot" for the first). */
  readonly step: string;
  /** The errno name that step returned, "" for success. */
  readonly errno: string;
  /** The lines of guest/snap.sh. */
  readonly snapshot: readonly string[];
  /** After boot and after each add: guest/sysfs.sh, a copy of the files layout import reads. */
  readonly sysfs?: readonly string[];
}

export class RecordedKernel implements KernelSide {
  private next = 0;

  constructor(private readonly trace: readonly TraceEntry[]) {}

  private errno(): Promise<string> {
    const e = this.trace[this.next];
    if (!e) throw new Error(`the recorded trace ends after ${this.next} snapshots`);
    return Promise.resolve(e.errno);
  }

  addDimm(): Promise<string> { return this.errno(); }
  removeDimm(): Promise<string> { return this.errno(); }
  writeState(): Promise<string> { return this.errno(); }
  read(): Promise<string> { return this.errno(); }

  snapshot(step: string): Promise<SysfsView> {
    const e = this.trace[this.next++];
    if (!e) throw new Error(`the recorded trace has no snapshot after "${step}"`);
    if (e.step !== step) throw new Error(`the recorded trace has "${e.step}" where the sequence has "${step}"`);
    return Promise.resolve(parseSnapshot(e.snapshot));
  }
}
