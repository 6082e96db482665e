/**
 * The QEMU machine of a conformance run, and the hpcheck layout the model uses for it.
 *
 * QEMU facts the mapping relies on (QEMU 7.2, `-machine pc`, checked against the guest's
 * sysfs in the recorded runs of test/fixtures/conformance/):
 *   - boot RAM is laid out from address 0 in node order, one `-numa node,memdev=` per node, all
 *     below 4 GiB while the total is under 3.5 GiB;
 *   - the hotplug window starts at 4 GiB and the SRAT gives it to the last NUMA node, which is
 *     therefore possible, but offline until memory is added to it;
 *   - pc-dimm devices are placed first fit upwards from 4 GiB, packed, so a freed address is
 *     reused;
 *   - the guest uses 128 MiB memory blocks (x86_64 with less than 64 GiB of boot RAM).
 */
import { parseLayout } from '../model/layout/parse.ts';
import type { AutoOnline, Layout } from '../model/layout/types.ts';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
export const BLOCK_SIZE = 128 * MiB;
export const HOTPLUG_BASE = 4 * GiB;

export interface QemuNode {
  /** Boot RAM of the node (`-numa node,memdev=`), 0 for a memoryless node. */
  readonly memMiB: number;
  readonly cpus: boolean;
}

/** The kernel command line options of a run that the layout's platform mirrors. */
export interface MachineCmdline {
  /** `memhp_default_state=` (platform.autoOnline). */
  readonly autoOnline: AutoOnline;
  /** The `movable_node` parameter (platform.movableNode). */
  readonly movableNode: boolean;
}

export interface QemuMachine {
  readonly nodes: readonly QemuNode[];
  readonly slots: number;
  readonly maxmemMiB: number;
  readonly bootMiB: number;
  readonly cmdline: MachineCmdline;
}

export function makeMachine(nodes: readonly QemuNode[], cmdline: Partial<MachineCmdline> = {}, slots = 4, maxmemMiB = 4096): QemuMachine {
  return {
    nodes, slots, maxmemMiB, bootMiB: nodes.reduce((a, n) => a + n.memMiB, 0),
    cmdline: { autoOnline: cmdline.autoOnline ?? 'offline', movableNode: cmdline.movableNode ?? false },
  };
}

/** The guest's kernel command line. `nokaslr` makes runs repeatable (docs/conformance.md#how-a-run-works). */
export function kernelCmdline(m: QemuMachine): string {
  return `console=ttyS0 memhp_default_state=${m.cmdline.autoOnline}${m.cmdline.movableNode ? ' movable_node' : ''} nokaslr panic=-1`;
}

/** The reference machine (docs/conformance.md#how-a-run-works): two 512M nodes with a CPU each, and a memoryless, CPU-less node 2. */
export const REFERENCE_MACHINE = makeMachine([
  { memMiB: 512, cpus: true },
  { memMiB: 512, cpus: true },
  { memMiB: 0, cpus: false },
]);

export interface PlacedDimm {
  /** The catalogue's name for the DIMM (QOM id `dimm-<name>`). */
  readonly name: string;
  readonly node: number;
  readonly start: number;
  readonly size: number;
}

export type DimmOp = { readonly op: 'add'; readonly name: string; readonly node: number; readonly size: number } | { readonly op: 'remove'; readonly name: string };

/**
 * placeDimms() - where QEMU will put each DIMM of a sequence: first fit from 4 GiB over the
 * DIMMs present at that moment (hw/mem/memory-device.c memory_device_get_free_addr(), QEMU 7.2).
 * Return: one placement per add, in order.
 */
export function placeDimms(ops: readonly DimmOp[]): PlacedDimm[] {
  const present = new Map<string, PlacedDimm>();
  const placed: PlacedDimm[] = [];
  for (const o of ops) {
    if (o.op === 'remove') { present.delete(o.name); continue; }
    const taken = [...present.values()].sort((a, b) => a.start - b.start);
    let start = HOTPLUG_BASE;
    for (const d of taken) {
      if (start + o.size <= d.start) break;
      start = Math.max(start, d.start + d.size);
    }
    const p = { name: o.name, node: o.node, start, size: o.size };
    present.set(o.name, p);
    placed.push(p);
  }
  return placed;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * The layout DIMMs: one per distinct (address, size, node). A DIMM re-added at the same place
 * on the same node is the same layout DIMM (the model's add_memory of a DIMM that was removed).
 * Return: the DIMM list and, per placement, its index in it.
 */
export function layoutDimms(placed: readonly PlacedDimm[]): { dimms: PlacedDimm[]; index: number[] } {
  const dimms: PlacedDimm[] = [];
  const index = placed.map((p) => {
    let i = dimms.findIndex((d) => d.start === p.start && d.size === p.size && d.node === p.node);
    if (i < 0) { dimms.push(p); i = dimms.length - 1; }
    return i;
  });
  return { dimms, index };
}

/**
 * machineLayout() - the hpcheck layout of `m` with the DIMMs of one sequence.
 *
 * Model: the platform follows the kernel command line (memhp_default_state, movable_node);
 * 128M sections and blocks as in the guest; 16M subsections (the kernel's are 2M; every
 * range here is 128M aligned, so nothing depends on it); boot memory in ZONE_NORMAL, with the
 * ZONE_DMA boundary at 16M (MAX_DMA_PFN) so that memory0 spans two zones as in the guest.
 * Return: the layout, or an error line (DIMMs that overlap on different nodes, which the
 * model's fixed DIMM list cannot express).
 */
export function machineLayout(m: QemuMachine, name: string, dimms: readonly PlacedDimm[]): { ok: true; layout: Layout } | { ok: false; error: string } {
  let at = 0;
  const boot: { node: number; range: string }[] = [];
  m.nodes.forEach((n, id) => {
    if (n.memMiB === 0) return;
    boot.push({ node: id, range: `${hex(at)}-${hex(at + n.memMiB * MiB - 1)}` });
    at += n.memMiB * MiB;
  });
  const raw = {
    name,
    description: `QEMU pc machine: ${m.nodes.map((n, id) => `node${id} ${n.memMiB}M${n.cpus ? ' +cpu' : ''}`).join(', ')}`,
    geometry: { sectionSize: '128M', subsectionSize: '16M', blockSize: '128M' },
    nodes: m.nodes.map((n, id) => ({ id, cpus: n.cpus })),
    boot,
    dimms: dimms.map((d, i) => ({ name: `${d.name}${dimms.findIndex((x) => x.name === d.name) === i ? '' : `@${hex(d.start)}`}`, node: d.node, range: `${hex(d.start)}-${hex(d.start + d.size - 1)}` })),
    platform: { vmemmap: 'huge', autoOnline: m.cmdline.autoOnline, movableNode: m.cmdline.movableNode, dmaZoneEnd: '16M' },
  };
  const r = parseLayout(JSON.stringify(raw), `conformance layout ${name}`);
  return r.ok ? { ok: true, layout: r.layout } : { ok: false, error: r.error };
}
