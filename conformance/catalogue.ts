/**
 * The conformance catalogue: operation sequences run on Linux 6.1 under QEMU and on the
 * model's v6.1 profile, compared after every step (conformance/, `npm run test:conformance`).
 *
 * Machine (conformance/machine.ts REFERENCE_MACHINE): node0 and node1 with 512M of boot RAM and
 * one CPU each, node2 with neither; DIMMs go first fit from 4 GiB, so the first 128M DIMM is
 * memory32. Blocks are named relative to their DIMM: blk('a', 1) is the second block of DIMM a.
 */
import { makeMachine } from './machine.ts';
import { add, blk, bootBlock, remove, write, type AllowedFailure, type Catalogue, type Sequence } from './sequence.ts';

/** The reference machine's nodes with another kernel command line. */
const reference = (cmdline: Parameters<typeof makeMachine>[1]) =>
  makeMachine([{ memMiB: 512, cpus: true }, { memMiB: 512, cpus: true }, { memMiB: 0, cpus: false }], cmdline);

/** node1 has a CPU but no memory (memoryless from boot); node2 has neither. */
const CPU_ONLY_NODE = makeMachine([{ memMiB: 1024, cpus: true }, { memMiB: 0, cpus: true }, { memMiB: 0, cpus: false }]);

/** Four nodes: node2 has memory but no CPU, node3 nothing. */
const FOUR_NODES = makeMachine([{ memMiB: 512, cpus: true }, { memMiB: 256, cpus: true }, { memMiB: 256, cpus: false }, { memMiB: 0, cpus: false }]);

/**
 * Offlining a hot-added block in a kernel zone needs every page migrated; a slab or page-table
 * page the guest happened to allocate there makes offline_pages() fail with EBUSY. The model
 * has no allocations (migration always succeeds), so this outcome is allowed, not predicted:
 * when it happens, the step must leave the kernel's state as the model had it before the step.
 */
const UNMOVABLE: AllowedFailure = {
  errno: 'EBUSY',
  reason: 'unmovable allocation in a ZONE_NORMAL block (scan_movable_pages/isolation fails); the model does not model allocations',
};

const on = (d: string, i: number, type: string) => write(blk(d, i), type);
const off = (d: string, i: number, allow?: AllowedFailure) => write(blk(d, i), 'offline', allow);

const sequences: Sequence[] = [
  // --- add, online in each way, offline, remove --------------------------------------------
  {
    name: 'online-movable-offline-remove',
    description: 'add 128M to node1, online_movable, offline, device_del',
    smoke: true,
    steps: [add('a', 1), on('a', 0, 'online_movable'), off('a', 0), remove('a')],
  },
  {
    name: 'online-kernel-offline-remove',
    description: 'online_kernel puts a hot-added block in ZONE_NORMAL; offline and remove it',
    steps: [add('a', 2), on('a', 0, 'online_kernel'), off('a', 0, UNMOVABLE), remove('a', UNMOVABLE)],
  },
  {
    name: 'online-default-offline-remove',
    description: 'plain "online" of a block no zone spans goes to the default kernel zone, ZONE_NORMAL',
    steps: [add('a', 2), on('a', 0, 'online'), off('a', 0, UNMOVABLE), remove('a', UNMOVABLE)],
  },
  {
    name: 'online-each-type-in-turn',
    description: 'one block onlined as online, online_kernel and online_movable in turn, offlined in between',
    steps: [
      add('a', 2), on('a', 0, 'online_movable'), off('a', 0), on('a', 0, 'online_kernel'), off('a', 0, UNMOVABLE),
      on('a', 0, 'online'), off('a', 0, UNMOVABLE), remove('a', UNMOVABLE),
    ],
  },
  {
    name: 'node0-online-movable',
    description: 'a DIMM on node0 (CPU and boot memory): online_movable, offline, remove',
    steps: [add('a', 0, 256), on('a', 0, 'online_movable'), on('a', 1, 'online_movable'), off('a', 1), off('a', 0), remove('a')],
  },
  {
    name: 'online-kernel-node0-offline',
    description: 'C1: a Normal block on node0, where CPU 0 allocates, is often refused offline with EBUSY (allowed, see UNMOVABLE)',
    steps: [add('a', 0, 256), on('a', 0, 'online_kernel'), on('a', 1, 'online_movable'), off('a', 1), off('a', 0, UNMOVABLE)],
  },
  // --- valid_zones: the default zone first --------------------------------------------------
  {
    name: 'default-zone-movable-first',
    description: 'a block between two Movable blocks lies in the Movable span: valid_zones "Movable Normal", and "online" picks Movable',
    steps: [add('a', 1, 384), on('a', 0, 'online_movable'), on('a', 2, 'online_movable'), on('a', 1, 'online'), off('a', 1), off('a', 0), off('a', 2), remove('a')],
  },
  {
    name: 'default-zone-normal-first',
    description: 'a block between two Normal blocks lies in the Normal span: valid_zones "Normal Movable", and "online" picks Normal',
    steps: [add('a', 2, 384), on('a', 0, 'online_kernel'), on('a', 2, 'online_kernel'), on('a', 1, 'online'), off('a', 1, UNMOVABLE)],
  },
  {
    name: 'default-zone-both-spans',
    description: 'a block inside both the Normal and the Movable span: the zones overlap, so the default is the kernel zone',
    steps: [add('a', 2, 640), on('a', 0, 'online_kernel'), on('a', 1, 'online_movable'), on('a', 3, 'online_movable'), on('a', 4, 'online_kernel'), on('a', 2, 'online')],
  },
  {
    name: 'default-zone-adjacent-movable',
    description: 'a block next to (not inside) the Movable span still defaults to Normal (B2)',
    steps: [add('a', 1, 256), on('a', 0, 'online_movable'), on('a', 1, 'online'), off('a', 1, UNMOVABLE)],
  },
  {
    name: 'default-zone-across-dimms',
    description: 'a second DIMM above an online_movable DIMM on the same node: its block is outside the Movable span, default Normal',
    steps: [add('a', 2), add('b', 2), on('a', 0, 'online_movable'), on('b', 0, 'online'), off('b', 0, UNMOVABLE), off('a', 0)],
  },
  // --- Normal above Movable, Movable above Normal ---------------------------------------------
  {
    name: 'normal-above-movable',
    description: 'B3: ZONE_NORMAL above ZONE_MOVABLE on one node is allowed in 6.1',
    steps: [add('a', 1, 256), on('a', 0, 'online_movable'), on('a', 1, 'online_kernel'), off('a', 0), off('a', 1, UNMOVABLE)],
  },
  {
    name: 'movable-above-normal',
    description: 'C1: online_movable above a Normal block; offlining the Movable one gives back "Normal Movable"',
    steps: [add('a', 2, 256), on('a', 0, 'online_kernel'), on('a', 1, 'online_movable'), off('a', 1), on('a', 1, 'online_movable')],
  },
  {
    name: 'interleaved-zones',
    description: 'Normal, Movable, Normal, Movable in address order on node2: the spans overlap',
    steps: [add('a', 2, 512), on('a', 0, 'online_kernel'), on('a', 1, 'online_movable'), on('a', 2, 'online_kernel'), on('a', 3, 'online_movable'), off('a', 3), off('a', 1)],
  },
  // --- memoryless, CPU-less node --------------------------------------------------------------
  {
    name: 'memoryless-node-online-at-add',
    description: 'B1-B4: 256M on the CPU-less, memoryless node2 onlines the node at add; Normal above Movable; device_del with both blocks online; try_offline_node',
    smoke: true,
    steps: [add('b', 2, 256), on('b', 0, 'online_movable'), on('b', 1, 'online'), remove('b', UNMOVABLE)],
  },
  {
    name: 'memoryless-node-never-onlined',
    description: 'seed 001 on 6.1: node2 comes online at add and goes offline at remove without its block ever being onlined',
    steps: [add('a', 2), remove('a')],
  },
  {
    name: 'memoryless-node-two-dimms',
    description: 'two DIMMs on node2: removing the first keeps the node (a block still names it), removing the second offlines it',
    steps: [add('a', 2), add('b', 2), remove('a'), remove('b')],
  },
  {
    name: 'memoryless-node-movable-only',
    description: 'node2 with only Movable memory: has_memory but not has_normal_memory; offline clears has_memory',
    steps: [add('a', 2, 256), on('a', 0, 'online_movable'), on('a', 1, 'online_movable'), off('a', 0), off('a', 1), remove('a')],
  },
  {
    name: 'memoryless-node-normal-memory',
    description: 'online_kernel on node2 gives it has_normal_memory; offline takes it away',
    steps: [add('a', 2), on('a', 0, 'online_kernel'), off('a', 0, UNMOVABLE)],
  },
  // --- remove with blocks online --------------------------------------------------------------
  {
    name: 'remove-online-movable',
    description: 'device_del with two online Movable blocks: the guest offlines them on eject, then removes them',
    steps: [add('a', 1, 256), on('a', 0, 'online_movable'), on('a', 1, 'online_movable'), remove('a')],
  },
  {
    name: 'remove-online-mixed-node2',
    description: 'device_del on node2 with one Movable and one offline block',
    steps: [add('a', 2, 256), on('a', 1, 'online_movable'), remove('a')],
  },
  {
    name: 'remove-online-normal',
    description: 'device_del with an online Normal block: the eject needs the block offlined, which an unmovable page can refuse',
    steps: [add('a', 2), on('a', 0, 'online_kernel'), remove('a', UNMOVABLE)],
  },
  // --- EINVAL -----------------------------------------------------------------------------------
  {
    name: 'einval-writes',
    description: 'C1: offline of an offline block, a bogus string, online of an online block, offline of memory0 (DMA and DMA32)',
    smoke: true,
    steps: [
      add('c', 0, 256), off('c', 0), write(blk('c', 0), 'bogus'),
      on('c', 1, 'online_movable'), on('c', 1, 'online'), on('c', 1, 'online_movable'),
      write(bootBlock(0), 'offline'), off('c', 1), remove('c'),
    ],
  },
  {
    name: 'einval-offline-offline',
    description: 'offline of a block that was never onlined, and again after an online/offline round',
    steps: [add('a', 1), off('a', 0), on('a', 0, 'online_movable'), off('a', 0), off('a', 0)],
  },
  {
    name: 'einval-online-online',
    description: 'every online type written to an online block fails; the block stays in its zone',
    steps: [add('a', 1), on('a', 0, 'online_movable'), on('a', 0, 'online'), on('a', 0, 'online_kernel'), on('a', 0, 'online_movable'), off('a', 0)],
  },
  {
    name: 'einval-bogus-strings',
    description: 'strings state_store() does not know: "bogus", "ONLINE", "online_movable_x", "" ',
    steps: [add('a', 1), write(blk('a'), 'bogus'), write(blk('a'), 'ONLINE'), write(blk('a'), 'online_movable_x'), write(blk('a'), ''), on('a', 0, 'online_movable'), write(blk('a'), 'offline_now')],
  },
  {
    name: 'einval-multi-zone-boot-block',
    description: 'memory0 spans ZONE_DMA and ZONE_DMA32 (mem->zone NULL): valid_zones "none", offline refused, online refused',
    steps: [write(bootBlock(0), 'offline'), write(bootBlock(0), 'online'), write(bootBlock(0), 'online_movable'), write(bootBlock(0), 'offline')],
  },
  {
    name: 'einval-online-boot-block',
    description: 'online of an online boot block is refused; boot blocks keep their zone',
    steps: [write(bootBlock(1), 'online'), write(bootBlock(4), 'online_kernel'), write(bootBlock(7), 'online_movable')],
  },
  // --- several DIMMs, several nodes -----------------------------------------------------------
  {
    name: 'dimms-on-three-nodes',
    description: 'one DIMM on each node, onlined differently, removed in another order',
    steps: [
      add('a', 0), add('b', 1), add('c', 2), on('a', 0, 'online_movable'), on('b', 0, 'online_movable'),
      on('c', 0, 'online_movable'), remove('b'), remove('c'), remove('a'),
    ],
  },
  {
    name: 'dimms-two-per-node',
    description: 'two DIMMs each on node1 and node2, interleaved in address order',
    steps: [
      add('a', 1), add('b', 2), add('c', 1), add('d', 2), on('a', 0, 'online_movable'), on('d', 0, 'online_movable'),
      remove('b'), remove('a'), remove('d'), remove('c'),
    ],
  },
  {
    name: 'dimms-four-slots-full',
    description: 'all four slots used: 128M, 256M, 128M, 512M on nodes 0, 1, 2, 2',
    steps: [add('a', 0), add('b', 1, 256), add('c', 2), add('d', 2, 512), on('b', 1, 'online_movable'), on('d', 3, 'online_movable'), remove('c'), remove('d'), remove('b'), remove('a')],
  },
  // --- re-adding at a reused address --------------------------------------------------------
  {
    name: 'readd-same-address',
    description: 'remove a DIMM and plug one of the same size and node again: QEMU reuses the address, the blocks come back offline',
    steps: [add('a', 1), on('a', 0, 'online_movable'), remove('a'), add('a', 1), on('a', 0, 'online_movable'), off('a', 0), remove('a')],
  },
  {
    name: 'readd-memoryless-node',
    description: 'node2 goes offline at remove and comes back online at the re-add at the same address',
    steps: [add('a', 2, 256), on('a', 0, 'online_movable'), remove('a'), add('b', 2, 256), on('b', 1, 'online_movable'), remove('b')],
  },
  {
    name: 'readd-into-hole',
    description: 'first fit: with the first DIMM removed, a new DIMM of the same size on the same node fills its hole below the second',
    steps: [add('a', 0), add('b', 1), remove('a'), add('c', 0), on('c', 0, 'online_movable'), on('b', 0, 'online_movable'), remove('c'), remove('b')],
  },
  // --- zone spans ---------------------------------------------------------------------------
  {
    name: 'movable-span-shrinks-at-edges',
    description: 'three Movable blocks; offlining the middle one leaves the span, offlining the first moves its start',
    steps: [add('a', 1, 384), on('a', 0, 'online_movable'), on('a', 1, 'online_movable'), on('a', 2, 'online_movable'), off('a', 1), off('a', 0), off('a', 2)],
  },
  {
    name: 'normal-span-shrinks-at-end',
    description: 'two Normal blocks on node2; offlining the top one shrinks the span from the end',
    steps: [add('a', 2, 256), on('a', 0, 'online_kernel'), on('a', 1, 'online_kernel'), off('a', 1, UNMOVABLE), off('a', 0, UNMOVABLE)],
  },
  {
    name: 'default-zone-movable-under-normal',
    description: 'node2: an offline block inside the Movable span, below a Normal block: only Movable intersects it, so "Movable Normal"',
    steps: [add('a', 2, 512), on('a', 0, 'online_movable'), on('a', 2, 'online_movable'), on('a', 3, 'online_kernel'), on('a', 1, 'online')],
  },
  {
    name: 'known-divergence-normal-hull',
    description: 'the same on node1, which has boot memory: the model\'s ZONE_NORMAL spans from node1\'s boot memory, so it intersects the offline block too',
    steps: [add('a', 1, 512), on('a', 0, 'online_movable'), on('a', 2, 'online_movable'), on('a', 3, 'online_kernel')],
    known: [{
      after: 4,
      field: 'memory33/valid_zones',
      real: 'Movable Normal',
      model: 'Normal Movable',
      reason: 'boot memory is ZONE_NORMAL in the model (ZONE_DMA32 in the guest), so the model\'s Normal span of node1 runs from 512M to the hot-added Normal block and also covers memory33; both zones intersect it and default_zone_for_pfn() falls back to the kernel zone. The guest\'s ZONE_NORMAL starts at memory35 and only Movable intersects memory33',
    }],
  },
  // --- kernel command line: memhp_default_state, movable_node -------------------------------
  {
    name: 'auto-online-movable',
    description: 'memhp_default_state=online_movable: both blocks of the DIMM are online in ZONE_MOVABLE right after add',
    machine: reference({ autoOnline: 'online_movable' }),
    steps: [add('a', 1, 256), off('a', 0), remove('a')],
  },
  {
    name: 'auto-online-default',
    description: 'memhp_default_state=online: each block goes to its default zone as it is onlined, on the new node2',
    machine: reference({ autoOnline: 'online' }),
    steps: [add('a', 2, 256), off('a', 1, UNMOVABLE), on('a', 1, 'online_movable')],
  },
  {
    name: 'auto-online-kernel',
    description: 'memhp_default_state=online_kernel on node2: Normal at add, has_normal_memory at once',
    machine: reference({ autoOnline: 'online_kernel' }),
    steps: [add('a', 2), off('a', 0, UNMOVABLE)],
  },
  {
    name: 'movable-node-default-zone',
    description: 'movable_node: the default zone of hot-added memory no zone spans is ZONE_MOVABLE ("Movable Normal")',
    machine: reference({ movableNode: true }),
    steps: [add('a', 2, 256), on('a', 0, 'online'), on('a', 1, 'online_kernel'), off('a', 0), off('a', 1, UNMOVABLE)],
  },
  {
    name: 'known-divergence-normal-hull-movable-node',
    description: 'the same on node1 (boot memory): once memory32 is offline again, the model\'s ZONE_NORMAL hull still covers it',
    machine: reference({ movableNode: true }),
    steps: [add('a', 1, 256), on('a', 0, 'online'), on('a', 1, 'online_kernel'), off('a', 0)],
    known: [{
      after: 4,
      field: 'memory32/valid_zones',
      real: 'Movable Normal',
      model: 'Normal Movable',
      reason: 'as in known-divergence-normal-hull: the model\'s Normal span of node1 runs from its boot memory to memory33, so it intersects memory32 and default_zone_for_pfn() takes the kernel zone; in the guest no zone intersects memory32 and movable_node makes the default ZONE_MOVABLE',
    }],
  },
  // --- other machines ---------------------------------------------------------------------
  {
    name: 'cpu-only-node',
    description: 'node1 has a CPU and no memory: online from boot; a DIMM gives it memory; its removal keeps the node (has_cpu)',
    machine: CPU_ONLY_NODE,
    steps: [add('a', 1, 256), on('a', 0, 'online_movable'), on('a', 1, 'online_movable'), add('b', 2), remove('a'), remove('b')],
  },
  {
    name: 'four-nodes',
    description: 'a CPU-less node with boot memory (node2) and a bare node3: DIMMs on both, node3 comes and goes',
    machine: FOUR_NODES,
    steps: [add('a', 2), add('b', 3), on('a', 0, 'online_movable'), on('b', 0, 'online_movable'), remove('b'), remove('a')],
  },
  {
    name: 'boot-block-online-movable',
    description: 'C1: offline a DMA32 boot block of node1 and online it Movable, nested inside the DMA32 span',
    steps: [write(bootBlock(5), 'offline', UNMOVABLE), write(bootBlock(5), 'online_movable'), write(bootBlock(5), 'offline'), write(bootBlock(5), 'online')],
  },
];

export const CATALOGUE: Catalogue = {
  abstractions: [
    {
      id: 'boot-zone-names',
      fields: 'memoryN/valid_zones of boot blocks (memory0-7)',
      reason: 'the model puts boot memory in ZONE_NORMAL; the guest has ZONE_DMA32 (and ZONE_DMA below 16M): DMA32 and DMA are read as Normal',
    },
    {
      id: 'boot-zone-spans',
      fields: 'zone spans: the DMA and DMA32 zone lines; ZONE_NORMAL below 4 GiB',
      reason: 'the model has no DMA/DMA32 zones and spans boot memory with ZONE_NORMAL; Normal is compared within the hotplug window (from 4 GiB) only, where the guest\'s ZONE_NORMAL lives',
    },
    {
      id: 'boot-normal-start',
      fields: 'start_pfn of ZONE_NORMAL on nodes with boot memory (node0, node1); its end is compared',
      reason: 'the model\'s ZONE_NORMAL on such a node starts in its boot memory (the guest\'s DMA32), so it begins at 4 GiB in the window whatever the guest\'s lowest hot-added Normal block is; see known-divergence-normal-hull for where this shows',
    },
    {
      id: 'page-counts',
      fields: 'present, managed, MemTotal',
      reason: 'the model has no page counts (memory is tracked per 16M subsection); snap.sh does not report them for comparison',
    },
    {
      id: 'cpu-numbers',
      fields: 'nodeK/cpulist',
      reason: 'the model knows whether a node has CPUs (node/has_cpu, which is compared), not which ones',
    },
  ],
  sequences,
};
