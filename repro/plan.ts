/**
 * planRepro() - a counterexample trace as something QEMU can run: the QEMU pc machine of the
 * trace's layout, and each action of the trace as a guest operation of the conformance
 * harness (conformance/sequence.ts), or marked with the reason QEMU cannot perform it.
 *
 * Mapping (x86_64 guest, 128M memory blocks; conformance/machine.ts):
 *   - each layout block becomes one 128M guest block: layout sizes are scaled by
 *     128M / blockSize, so a 256M layout block is a 128M guest block;
 *   - boot memory: one `-numa node,memdev=` per node, laid out by QEMU from address 0 in node
 *     order; a layout whose boot ranges are not in that order (interleaved nodes, holes,
 *     memory ending mid-block) cannot be built, and the steps on its boot blocks are marked;
 *   - `plugged: no` DIMMs are hot-added at their step (QMP object-add + device_add pc-dimm);
 *     `plugged: acpi-early` DIMMs are on QEMU's command line (-device pc-dimm), so ACPI adds
 *     them during boot (acpi_memory_device_add() in SYSTEM_SCHEDULING);
 *   - `plugged: boot` DIMMs (ppc64 LMBs, DLPAR with drmgr) and pmem (an NVDIMM namespace,
 *     ndctl) have no QEMU x86 equivalent: their steps are marked.
 */
import { BLOCK_SIZE, MiB, type ColdDimm, type QemuMachine, type QemuNode } from '../conformance/machine.ts';
import type { BlockRef, Sequence, Step } from '../conformance/sequence.ts';
import type { Layout } from '../model/layout/types.ts';

export interface ReproTrace {
  /** The file it was read from. */
  readonly source: string;
  readonly layout: Layout;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly property: string;
  readonly message: string;
  readonly actions: readonly string[];
}

export interface PlanStep {
  /** 0 is the boot (every action before kernel_init); then one per action after it. */
  readonly index: number;
  /** The trace's action names this step performs. */
  readonly actions: readonly string[];
  /** The guest operation, or null for the boot and for a step QEMU cannot perform. */
  readonly op: Step | null;
  /** Why QEMU cannot perform it. */
  readonly unsupported?: string;
}

export interface Plan {
  readonly trace: ReproTrace;
  readonly machine: QemuMachine;
  /** The guest operations of the performable steps, as a conformance sequence. */
  readonly seq: Sequence;
  readonly steps: readonly PlanStep[];
  /** What differs between the layout and the QEMU machine, one line each. */
  readonly notes: readonly string[];
}

const LMB_WHY = 'a ppc64 LMB (plugged: boot) is added and removed by DLPAR (drmgr -c mem); QEMU\'s x86 pc machine has no LMBs, and device_del of a pc-dimm takes a different kernel path (acpi_memory_device_remove)';
const PMEM_WHY = 'device memory needs an NVDIMM namespace (ndctl create-namespace -m devdax, then memremap_pages()); the QEMU pc machine here has no nvdimm';

/** Boot memory QEMU can build: one range per node, in node order, contiguous from 0, whole blocks. */
function bootInNodeOrder(l: Layout): string | null {
  const ranges = [...l.boot, ...l.dimms.filter((d) => d.plugged === 'boot')].sort((a, b) => a.start - b.start);
  let at = 0;
  let last = -1;
  for (const r of ranges) {
    if (r.start !== at) return `boot memory has a hole at 0x${at.toString(16)}`;
    if (r.node < last) return `boot memory of node ${r.node} comes after node ${last}'s (interleaved node ranges)`;
    if (r.end % l.geometry.blockSize !== 0) return `boot memory of node ${r.node} ends mid-block`;
    at = r.end;
    last = r.node;
  }
  return null;
}

function qemuMachine(l: Layout, scale: number): QemuMachine {
  const maxId = Math.max(...l.nodes.map((n) => n.id));
  const nodes: QemuNode[] = Array.from({ length: maxId + 1 }, (_, id) => {
    const mem = [...l.boot, ...l.dimms.filter((d) => d.plugged === 'boot')].filter((r) => r.node === id).reduce((a, r) => a + (r.end - r.start), 0);
    return { memMiB: (mem * scale) / MiB, cpus: l.nodes.find((n) => n.id === id)?.cpus === true };
  });
  const coldDimms: ColdDimm[] = l.dimms.filter((d) => d.plugged === 'acpi-early').map((d) => ({ name: d.name, node: d.node, sizeMiB: ((d.end - d.start) * scale) / MiB }));
  const slots = Math.max(4, l.dimms.filter((d) => d.plugged !== 'boot').length);
  const bootMiB = nodes.reduce((a, n) => a + n.memMiB, 0);
  return {
    nodes, slots, maxmemMiB: Math.max(4096, bootMiB + slots * 1024), bootMiB, ...(coldDimms.length > 0 ? { coldDimms } : {}),
    cmdline: { autoOnline: l.platform.autoOnline, movableNode: l.platform.movableNode },
  };
}

const actionArg = (name: string): string => /\(([^,)]+)/.exec(name)?.[1] ?? '';

/** The guest block ref of layout block `b`: its DIMM's block, or a boot block by number. */
function blockRef(l: Layout, b: number, scale: number): BlockRef {
  const addr = b * l.geometry.blockSize;
  const d = l.dimms.find((x) => x.start <= addr && addr < x.end);
  if (d && d.plugged !== 'boot') return { dimm: d.name, index: (addr - d.start) / l.geometry.blockSize };
  return { block: (addr * scale) / BLOCK_SIZE };
}

function stepOf(l: Layout, action: string, scale: number, bootProblem: string | null): Omit<PlanStep, 'index' | 'actions'> {
  const arg = actionArg(action);
  const dimm = l.dimms.find((d) => d.name === arg);
  if (action.startsWith('add_memory(') || action.startsWith('remove_memory(')) {
    if (!dimm) throw new Error(`trace action ${action}: no DIMM ${arg} in the layout`);
    if (dimm.plugged === 'boot') return { op: null, unsupported: LMB_WHY };
    const size = ((dimm.end - dimm.start) * scale);
    return { op: action.startsWith('add') ? { op: 'add', dimm: dimm.name, node: dimm.node, size } : { op: 'remove', dimm: dimm.name } };
  }
  const online = /^online_pages\(memory(\d+), (\w+)\)$/.exec(action);
  const offline = /^offline_pages\(memory(\d+)\)$/.exec(action);
  if (online || offline) {
    const ref = blockRef(l, Number((online ?? offline)![1]), scale);
    if ('block' in ref && bootProblem) return { op: null, unsupported: `memory${(online ?? offline)![1]} is boot memory, and QEMU cannot build this layout's boot memory: ${bootProblem}` };
    if ('dimm' in ref && l.dimms.find((d) => d.name === ref.dimm)?.plugged === 'boot') return { op: null, unsupported: LMB_WHY };
    return { op: { op: 'state', block: ref, value: online ? online[2]! : 'offline' } };
  }
  if (action.startsWith('memremap_pages(') || action.startsWith('memunmap_pages(')) return { op: null, unsupported: PMEM_WHY };
  throw new Error(`trace action ${action}: not a hotplug action repro knows`);
}

/**
 * planRepro() - the QEMU machine and the steps of `t`.
 * Return: the plan, or one line naming what the layout has that QEMU cannot build at all.
 */
export function planRepro(t: ReproTrace): { ok: true; value: Plan } | { ok: false; error: string } {
  const l = t.layout;
  if (l.geometry.blockSize < BLOCK_SIZE) return { ok: false, error: `${t.source}: layout blocks of ${l.geometry.blockSize / MiB}M are smaller than the x86_64 guest's 128M memory blocks` };
  const scale = BLOCK_SIZE / l.geometry.blockSize;
  const bootProblem = bootInNodeOrder(l);
  const notes: string[] = [`each ${l.geometry.blockSize / MiB}M layout block is one 128M guest block (sizes scaled by ${scale})`];
  if (bootProblem) notes.push(`QEMU lays out boot RAM from address 0 in node order: ${bootProblem}; the guest gets each node's total instead, so its boot blocks are not the layout's`);
  if (l.dimms.some((d) => d.plugged === 'boot')) notes.push(`the LMBs (${l.dimms.filter((d) => d.plugged === 'boot').map((d) => d.name).join(', ')}) are boot RAM of their node in the guest; ${LMB_WHY}`);
  if (l.platform.vmemmap === 'base') notes.push('vmemmap: base: add -cpu qemu64,pse=off to qemu.sh for base-page vmemmap');
  const boot = Math.max(1, t.actions.findIndex((a) => a.startsWith('kernel_init')));
  const bootActions = t.actions.findIndex((a) => a.startsWith('kernel_init')) < 0 ? t.actions : t.actions.slice(0, boot + 1);
  const steps: PlanStep[] = [{ index: 0, actions: bootActions, op: null }];
  for (const a of t.actions.slice(bootActions.length)) steps.push({ index: steps.length, actions: [a], ...stepOf(l, a, scale, bootProblem) });
  const early = bootActions.filter((a) => a.startsWith('add_memory('));
  if (early.length > 0) notes.push(`${early.join(', ')}: done by ACPI during boot (the DIMM is on QEMU's command line)`);
  const seq: Sequence = {
    name: `repro-${l.name}`, description: `${t.property} on ${t.kernel}${t.patches.length ? ` +${t.patches.join(' +')}` : ''}: ${t.message}`,
    machine: qemuMachine(l, scale), steps: steps.flatMap((s) => (s.op ? [s.op] : [])),
  };
  return { ok: true, value: { trace: t, machine: seq.machine!, seq, steps, notes } };
}
