/**
 * init/main.c and the boot path: from power-on to SYSTEM_RUNNING.
 *
 * Boot steps run in a fixed order, one action each, with `bootPc` counting them:
 *   sparse_init (SYSTEM_BOOTING) -> rest_init (SYSTEM_SCHEDULING) -> memory_dev_init ->
 *   register_one_node(nid) for each node online at boot, ascending ->
 *   [ACPI adds the `plugged: acpi-early` DIMMs, in any order] -> kernel_init (SYSTEM_RUNNING).
 *
 * Model: ACPI's memory devices are added after node registration: topology_init() (arch/,
 * subsys_initcall) links before acpi_init() (drivers/, subsys_initcall), and since v5.18
 * node_dev_init() runs before every initcall.
 * Kernel: init/main.c rest_init(), kernel_init(); drivers/base/init.c driver_init(), v6.1;
 * arch/x86/kernel/topology.c topology_init(), v5.8.
 */
import type { Kernel } from './kernel.ts';
import { memory_dev_init } from './memory.ts';
import { register_one_node } from './node.ts';
import { sparse_init } from './sparse.ts';
import { N_MEMORY, SystemState, Zone, type Kstate } from './state.ts';
import type { Geometry } from './geometry.ts';

/**
 * The early part of boot, SYSTEM_BOOTING: sparse_init(), then free_area_init() computes node
 * and zone spans from memblock (a node spans from its lowest to its highest pfn, so it may
 * span another node's memory), and the NUMA code onlines nodes with memory or CPUs.
 * Kernel: mm/sparse.c sparse_init(); mm/page_alloc.c free_area_init(), v6.1.
 * Context: SYSTEM_BOOTING, start_kernel() -> setup_arch() / mm_init(), one CPU.
 * Model: node and zone spans come straight from the layout (all boot memory ZONE_NORMAL).
 */
export function bootSparseInit(k: Kernel): void {
  sparse_init(k);
  for (const nid of k.g.bootNodeIds) {
    k.node_set_online(nid);
    const span = k.g.bootSpans[nid];
    if (!span) continue;
    k.s.setNodeSpan(nid, { start: span[0], end: span[1] });
    k.s.setZoneSpan(nid, Zone.NORMAL, { start: span[0], end: span[1] });
    k.s.setNodeFlag(nid, N_MEMORY, true);
  }
  for (let d = 0; d < k.g.layout.dimms.length; d++) {
    if (k.g.layout.dimms[d]!.plugged === 'boot') k.s.setDimmAdded(d, true);
  }
}

export interface BootStep {
  readonly name: string;
  /** The kernel message or log line a person sees for this step. */
  run(k: Kernel): void;
}

/** The ordered boot steps for a layout; `kernel_init` is last. */
export function bootSteps(g: Geometry, nodeRegistration: 'topology_init' | 'node_dev_init'): BootStep[] {
  return [
    { name: 'sparse_init', run: bootSparseInit },
    { name: 'rest_init', run: (k) => { k.s.systemState = SystemState.SCHEDULING; } },
    { name: 'memory_dev_init', run: memory_dev_init },
    ...g.bootNodeIds.map((nid) => ({
      name: `${nodeRegistration}: register_one_node(${nid})`,
      run: (k: Kernel) => register_one_node(k, nid),
    })),
    { name: 'kernel_init: system_state = SYSTEM_RUNNING', run: (k) => { k.s.systemState = SystemState.RUNNING; } },
  ];
}

/** True once every boot node has been registered and linked (the boot link is complete). */
export function bootLinked(s: Kstate): boolean {
  return s.bootPc >= 3 + s.g.bootNodeIds.length;
}
