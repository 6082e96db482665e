/**
 * The conformance catalogue: operation sequences run on Linux 6.1 under QEMU and on the
 * model's v6.1 profile, compared after every step (conformance/, `npm run test:conformance`).
 *
 * Machine (conformance/machine.ts REFERENCE_MACHINE): node0 and node1 with 512M of boot RAM and
 * one CPU each, node2 with neither; DIMMs go first fit from 4 GiB, so the first 128M DIMM is
 * memory32. Blocks are named relative to their DIMM: blk('a', 1) is the second block of DIMM a.
 */
import { add, blk, bootBlock, remove, write, type AllowedFailure, type Catalogue, type Sequence } from '../../conformance/sequence.ts';

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

const sequences: Sequence[] = [
  {
    name: 'online-movable-offline-remove',
    description: 'A1-A4 of real-kernel-qemu.md: add 128M to node1, online_movable, offline, device_del',
    smoke: true,
    steps: [add('a', 1), write(blk('a'), 'online_movable'), write(blk('a'), 'offline'), remove('a')],
  },
  {
    name: 'memoryless-node-online-at-add',
    description: 'B1-B4: 256M on the CPU-less, memoryless node2 onlines the node at add; Normal above Movable; device_del with both blocks online; try_offline_node',
    smoke: true,
    steps: [add('b', 2, 256), write(blk('b', 0), 'online_movable'), write(blk('b', 1), 'online'), remove('b')],
  },
  {
    name: 'einval-writes',
    description: 'C1: offline of an offline block, a bogus string, online of an online block, offline of memory0 (DMA and DMA32)',
    smoke: true,
    steps: [
      add('c', 0, 256), write(blk('c', 0), 'offline'), write(blk('c', 0), 'bogus'),
      write(blk('c', 1), 'online_movable'), write(blk('c', 1), 'online'), write(blk('c', 1), 'online_movable'),
      write(bootBlock(0), 'offline'), write(blk('c', 1), 'offline'), remove('c'),
    ],
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
