/**
 * The model geometry for an imported machine, and the rounding of its ranges to it.
 *
 * Model: one section per memory block unless --section-size says otherwise (the sections of
 * a block are added, onlined and removed together), and the coarsest subsection that keeps
 * every range boundary, between section/16 (the model's limit) and section/4. Boot ranges are
 * first rounded outward to the kernel's 2M subsection: subsection_map_init() (mm/sparse.c)
 * marks every subsection a memblock range touches, so a range ending at 0x3ffdffff (the ACPI
 * tables QEMU reserves) still makes its last 2M valid.
 */
import type { NodeRange } from './facts.ts';

export const MiB = 1024 * 1024;
export const KERNEL_SUBSECTION = 2 * MiB;

export const roundDown = (x: number, a: number): number => Math.floor(x / a) * a;
export const roundUp = (x: number, a: number): number => Math.ceil(x / a) * a;

/** The coarsest power of two in [max(2M, section/16), section/4] dividing every boundary. */
export function chooseSubsection(section: number, boundaries: readonly number[]): number {
  const min = Math.max(KERNEL_SUBSECTION, section / 16);
  let sub = Math.max(min, section / 4);
  while (sub > min && boundaries.some((b) => b % sub !== 0)) sub /= 2;
  return sub;
}

/**
 * roundBoot() - boot ranges rounded outward to `unit`, consecutive ranges of one node merged,
 * and a range that now overlaps an earlier one of another node trimmed to start after it.
 * Return: the ranges, in log order, and notes for what was trimmed.
 */
export function roundBoot(boot: readonly NodeRange[], unit: number): { ranges: NodeRange[]; notes: string[] } {
  const out: NodeRange[] = [];
  const notes: string[] = [];
  for (const r of boot) {
    let start = roundDown(r.start, unit);
    const end = roundUp(r.end, unit);
    const clash = out.filter((o) => o.node !== r.node && o.start < end && start < o.end);
    for (const c of clash) start = Math.max(start, c.end);
    if (clash.length > 0) notes.push(`node ${r.node}'s range at 0x${r.start.toString(16)} shares a ${unit / MiB}M subsection with node ${clash[0]!.node}: the shared part is left to node ${clash[0]!.node}`);
    if (start >= end) continue;
    const same = out.findIndex((o) => o.node === r.node && o.start <= end && start <= o.end);
    if (same >= 0) {
      const o = out[same]!;
      out[same] = { node: o.node, start: Math.min(o.start, start), end: Math.max(o.end, end) };
    } else out.push({ node: r.node, start, end });
  }
  return { ranges: out, notes };
}
