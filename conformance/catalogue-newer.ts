/**
 * Conformance sequences for what hotplug gained after 6.1 or is switched on by parameters
 * 6.1 had but the older sequences never set: memmap on memory
 * (`memory_hotplug.memmap_on_memory=1`, per block since 6b8f0798b85a, v6.6) and the auto-movable
 * online policy (`memory_hotplug.online_policy=auto-movable`, e83a437faa62, v5.15) with its
 * ratio, NUMA awareness and ACPI's static memory group per DIMM. They run on Debian's 6.12 and
 * 7.2 (`npm run test:conformance -- --kernel 6.12`).
 *
 * Ratios are chosen away from the model's page-count abstraction: the guest's early kernel
 * memory is 511.6M on node0 and 511.9M on node1 (ZONE_DMA's first page and the e820-reserved
 * ACPI tables are not present), the model's 512M each. With auto_movable_ratio=40 the
 * thresholds (204.6M and 204.8M a node, 409.4M and 409.6M in all) fall between the same
 * multiples of the 128M block on both sides.
 */
import { makeMachine, type MachineCmdline } from './machine.ts';
import { add, blk, remove, write, type AllowedFailure, type Sequence } from './sequence.ts';

const NEWER = ['6.12', '7.2'] as const;

/** The reference machine (node0, node1: 512M and a CPU each; node2: nothing) with a command line. */
const machine = (cmdline: Partial<MachineCmdline>) =>
  makeMachine([{ memMiB: 512, cpus: true }, { memMiB: 512, cpus: true }, { memMiB: 0, cpus: false }], cmdline);

const AUTO_MOVABLE = machine({ onlinePolicy: 'auto-movable' });
const RATIO_40 = machine({ onlinePolicy: 'auto-movable', autoMovableRatio: 40 });
const RATIO_40_ANY_NODE = machine({ onlinePolicy: 'auto-movable', autoMovableRatio: 40, autoMovableNumaAware: false });
const MEMMAP = machine({ memmapOnMemory: true });

/** As in catalogue.ts: an unmovable allocation may make offlining a kernel-zone block fail. */
const UNMOVABLE: AllowedFailure = {
  errno: 'EBUSY',
  reason: 'unmovable allocation in a ZONE_NORMAL block (scan_movable_pages/isolation fails); the model does not model allocations',
};

const on = (d: string, i: number, type: string) => write(blk(d, i), type);
const off = (d: string, i: number, allow?: AllowedFailure) => write(blk(d, i), 'offline', allow);

const autoMovable: Sequence[] = [
  {
    name: 'auto-movable-one-node',
    description: 'auto-movable, ratio 301: a 256M DIMM on node1 offers "Movable Normal"; plain "online" puts both blocks in ZONE_MOVABLE',
    machine: AUTO_MOVABLE,
    steps: [add('a', 1, 256), on('a', 0, 'online'), on('a', 1, 'online'), off('a', 1), off('a', 0), remove('a')],
  },
  {
    name: 'auto-movable-memoryless-node',
    description: 'auto-movable, NUMA aware: node2 has no early kernel memory, so its DIMM defaults to the kernel zone',
    machine: AUTO_MOVABLE,
    steps: [add('a', 2), on('a', 0, 'online'), off('a', 0, UNMOVABLE)],
  },
  {
    name: 'auto-movable-numa-unaware',
    description: 'auto_movable_numa_aware=0: only the global ratio counts, and node2\'s DIMM goes Movable',
    machine: RATIO_40_ANY_NODE,
    steps: [add('a', 2), on('a', 0, 'online'), off('a', 0), remove('a')],
  },
  {
    name: 'auto-movable-ratio-one-node',
    description: 'ratio 40 (204.8M of node1 may be MOVABLE): the first 128M DIMM goes Movable, the second Normal',
    machine: RATIO_40,
    steps: [add('a', 1), on('a', 0, 'online'), add('b', 1), on('b', 0, 'online'), off('a', 0), remove('a')],
  },
  {
    name: 'auto-movable-static-group',
    description: 'ratio 40: a 256M DIMM is one static group (ACPI) and does not fit as a whole, so both blocks default to Normal',
    machine: RATIO_40,
    steps: [add('a', 1, 256), on('a', 0, 'online'), on('a', 1, 'online_movable'), off('a', 1)],
  },
  {
    name: 'auto-movable-group-kernel-first',
    description: 'a static group with kernel memory online keeps the rest in the kernel zone: online_kernel a[0], then a[1] offers "Normal Movable"',
    machine: AUTO_MOVABLE,
    steps: [add('a', 1, 256), on('a', 0, 'online_kernel'), on('a', 1, 'online'), off('a', 1, UNMOVABLE)],
  },
  {
    name: 'auto-movable-two-nodes',
    description: 'ratio 40, NUMA aware: DIMMs on node0 and node1 go Movable, a second one on node1 exceeds its node\'s share and goes Normal',
    machine: RATIO_40,
    steps: [add('a', 0), add('b', 1), on('a', 0, 'online'), on('b', 0, 'online'), add('c', 1), on('c', 0, 'online'), off('b', 0), off('a', 0)],
  },
  {
    name: 'auto-movable-two-nodes-global',
    description: 'ratio 40, not NUMA aware: three 128M DIMMs on two nodes go Movable (384M), the fourth exceeds 409.6M in all and goes Normal',
    machine: RATIO_40_ANY_NODE,
    steps: [add('a', 0), add('b', 1), add('c', 1), on('a', 0, 'online'), on('b', 0, 'online'), on('c', 0, 'online'), add('d', 0), on('d', 0, 'online')],
  },
  {
    name: 'auto-movable-offline-frees-share',
    description: 'ratio 40: offlining a Movable block gives its share back, and the next block defaults to Movable again',
    machine: RATIO_40,
    steps: [add('a', 1), add('b', 1), on('a', 0, 'online'), off('a', 0), on('b', 0, 'online'), remove('a')],
  },
  {
    name: 'auto-movable-auto-online',
    description: 'memhp_default_state=online with auto-movable: a 384M DIMM on node1 is onlined Movable as it is added',
    machine: machine({ onlinePolicy: 'auto-movable', autoOnline: 'online' }),
    steps: [add('a', 1, 384), remove('a')],
  },
  {
    name: 'auto-movable-auto-online-memoryless',
    description: 'memhp_default_state=online with auto-movable on node2: onlined to the kernel zone at add (has_normal_memory)',
    machine: machine({ onlinePolicy: 'auto-movable', autoOnline: 'online' }),
    steps: [add('a', 2)],
  },
];

const memmapOnMemory: Sequence[] = [
  {
    name: 'memmap-on-memory-online-offline-remove',
    description: 'memmap_on_memory=1: a 128M DIMM hosts its 512-page vmemmap (present - managed of its zone); online_movable, offline, remove',
    machine: MEMMAP,
    smokeOn: ['6.12', '7.2'],
    steps: [add('a', 1), on('a', 0, 'online_movable'), off('a', 0), remove('a')],
  },
  {
    name: 'memmap-on-memory-two-blocks',
    description: 'memmap_on_memory=1, a 256M DIMM: every block gets its own altmap since 6b8f0798b85a (v6.6), 1024 vmemmap pages when both are online',
    machine: MEMMAP,
    steps: [add('a', 1, 256), on('a', 0, 'online_movable'), on('a', 1, 'online_movable'), off('a', 0), remove('a')],
  },
  {
    name: 'memmap-on-memory-online-kernel',
    description: 'memmap_on_memory=1: the vmemmap pages join ZONE_NORMAL with the block (mhp_init_memmap_on_memory)',
    machine: MEMMAP,
    steps: [add('a', 1), on('a', 0, 'online_kernel'), off('a', 0, UNMOVABLE)],
  },
  {
    name: 'memmap-on-memory-memoryless-node',
    description: 'memmap_on_memory=1 on node2: the memmap lives on the new node\'s own memory; device_del offlines and removes it',
    machine: MEMMAP,
    steps: [add('a', 2, 256), on('a', 0, 'online_movable'), on('a', 1, 'online_movable'), remove('a')],
  },
  {
    name: 'memmap-on-memory-auto-online',
    description: 'memmap_on_memory=1 with memhp_default_state=online_movable: three blocks onlined at add, removed as a unit',
    machine: machine({ memmapOnMemory: true, autoOnline: 'online_movable' }),
    steps: [add('a', 1, 384), remove('a')],
  },
  {
    name: 'memmap-on-memory-auto-movable',
    description: 'memmap_on_memory=1 with auto-movable auto-onlining: the blocks of a node0 DIMM and a node1 DIMM go Movable, each hosting its vmemmap',
    machine: machine({ memmapOnMemory: true, onlinePolicy: 'auto-movable', autoOnline: 'online' }),
    steps: [add('a', 0, 256), add('b', 1), remove('a')],
  },
  {
    name: 'memmap-on-memory-readd',
    description: 'memmap_on_memory=1: add, remove and add again at the same address; the new altmap is carved again',
    machine: MEMMAP,
    steps: [add('a', 1), on('a', 0, 'online_movable'), remove('a'), add('b', 1), on('b', 0, 'online_movable')],
  },
];

export const NEWER_SEQUENCES: readonly Sequence[] = [...autoMovable, ...memmapOnMemory].map((s) => ({ ...s, kernels: NEWER }));
