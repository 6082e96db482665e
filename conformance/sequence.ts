/**
 * What a conformance sequence is: QEMU/guest operations, each of which maps to model actions,
 * and the declared abstractions under which the two sides are compared.
 */

import type { QemuMachine } from './machine.ts';

/** A memory block: block `index` of a DIMM of the sequence, or a boot block by number. */
export type BlockRef = { readonly dimm: string; readonly index: number } | { readonly block: number };

/** An outcome the model does not predict but the kernel may legitimately give, with the reason. */
export interface AllowedFailure {
  readonly errno: 'EBUSY';
  readonly reason: string;
}

export type Step =
  /** QMP object-add + device_add pc-dimm: the guest's ACPI add_memory(). */
  | { readonly op: 'add'; readonly dimm: string; readonly node: number; readonly size: number }
  /** QMP device_del: the guest offlines the DIMM's blocks (acpi_scan_try_to_offline) and removes them. */
  | { readonly op: 'remove'; readonly dimm: string; readonly allow?: AllowedFailure }
  /** `echo VALUE > /sys/devices/system/memory/memoryN/state` in the guest. */
  | { readonly op: 'state'; readonly block: BlockRef; readonly value: string; readonly allow?: AllowedFailure };

/** The ids of the comparison's abstractions (compare.ts implements each). */
export type AbstractionId = 'boot-zone-names' | 'boot-zone-spans' | 'boot-normal-start' | 'page-counts' | 'cpu-numbers';

export interface Abstraction {
  readonly id: AbstractionId;
  /** The fields it affects, in the comparison's names. */
  readonly fields: string;
  readonly reason: string;
}

/**
 * A difference the model is known to have, with its reason: the step passes when its
 * differences are exactly the declared ones, and fails when a declared one does not occur.
 */
export interface KnownDivergence {
  /** After which step: 1 for the first step (0 for the boot state). */
  readonly after: number;
  readonly field: string;
  readonly real: string;
  readonly model: string;
  readonly reason: string;
}

export interface Sequence {
  readonly name: string;
  readonly description: string;
  /** The machine and kernel command line, when not the catalogue's default (REFERENCE_MACHINE). */
  readonly machine?: QemuMachine;
  readonly steps: readonly Step[];
  readonly known?: readonly KnownDivergence[];
  /** Part of the smoke subset that `npm test` runs under HPCHECK_QEMU=1. */
  readonly smoke?: boolean;
  /**
   * The Debian releases the sequence runs on by default (conformance/setup.sh); absent: all.
   * The sequences for memmap on memory and the online policy were recorded on 6.12 and 7.2.
   */
  readonly kernels?: readonly string[];
  /** The smoke subset of each release, where it differs from `smoke` (which is 6.1's). */
  readonly smokeOn?: readonly string[];
}

/** runsOn() - does the catalogue run `s` on Debian release `release` by default? */
export function runsOn(s: Sequence, release: string): boolean {
  return s.kernels === undefined || s.kernels.includes(release);
}

export interface Catalogue {
  /** Abstractions that apply to every sequence: the only fields not compared one to one. */
  readonly abstractions: readonly Abstraction[];
  readonly sequences: readonly Sequence[];
}

const MiB = 1024 * 1024;

export const add = (dimm: string, node: number, sizeMiB = 128): Step => ({ op: 'add', dimm, node, size: sizeMiB * MiB });
export const remove = (dimm: string, allow?: AllowedFailure): Step => (allow ? { op: 'remove', dimm, allow } : { op: 'remove', dimm });
export const write = (block: BlockRef, value: string, allow?: AllowedFailure): Step =>
  allow ? { op: 'state', block, value, allow } : { op: 'state', block, value };
export const blk = (dimm: string, index = 0): BlockRef => ({ dimm, index });
export const bootBlock = (block: number): BlockRef => ({ block });

export function stepText(s: Step): string {
  if (s.op === 'add') return `add ${s.dimm} (${s.size / MiB}M, node ${s.node})`;
  if (s.op === 'remove') return `device_del ${s.dimm}`;
  const b = 'block' in s.block ? `memory${s.block.block}` : `${s.block.dimm}[${s.block.index}]`;
  return `echo ${s.value} > ${b}/state`;
}

/** inSmoke() - is `s` in the smoke subset of `release` (`smoke` for 6.1, `smokeOn` for the others)? */
export function inSmoke(s: Sequence, release: string): boolean {
  return release === '6.1' ? s.smoke === true : s.smokeOn?.includes(release) === true;
}
