/**
 * The conformance harness without QEMU: DIMM placement and the machine's layout, the snapshot
 * parser, the comparison and its declared abstractions, and the model side on the QEMU machine.
 * The expected kernel values are what Debian's Linux 6.1 printed under QEMU 7.2 on the
 * reference machine (docs/conformance.md; the recorded runs in test/fixtures/conformance/).
 */
import { describe, expect, it } from 'vitest';
import { compareViews, type CompareContext } from '../../conformance/compare.ts';
import { GiB, MiB, REFERENCE_MACHINE, layoutDimms, machineLayout, placeDimms } from '../../conformance/machine.ts';
import { ModelSide } from '../../conformance/model-side.ts';
import { qemuArgs } from '../../conformance/qemu.ts';
import { parseNodeList, parseSnapshot } from '../../conformance/view.ts';
import { findProfile } from '../../model/kernels/profiles.ts';

/** The reference machine's boot snapshot under Linux 6.1, in snap.sh's format (conformance/guest/). */
const BOOT = [
  'G block_size_bytes=8000000 auto_online_blocks=offline',
  'G possible=0-2 online=0-1 has_cpu=0-1 has_memory=0-1 has_normal_memory=0-1',
  'B 0 state=online phys_index=00000000 valid_zones=none nodes=node0',
  ...[1, 2, 3].map((b) => `B ${b} state=online phys_index=0000000${b} valid_zones=DMA32 nodes=node0`),
  ...[4, 5, 6, 7].map((b) => `B ${b} state=online phys_index=0000000${b} valid_zones=DMA32 nodes=node1`),
  'N 0 cpulist=0 memory=0,1,2,3',
  'N 1 cpulist=1 memory=4,5,6,7',
  'Z 0 DMA 1 4095 3998',
  'Z 0 DMA32 4096 126976 126976',
  'Z 1 DMA32 131072 131040 131040',
];

const v61 = findProfile('v6.1')!;
const ALL: CompareContext['on'] = new Set(['boot-zone-names', 'boot-zone-spans', 'boot-normal-start', 'page-counts', 'cpu-numbers']);

function modelFor(dimms: { name: string; node: number; size: number }[]): ModelSide {
  const placed = placeDimms(dimms.map((d) => ({ op: 'add', ...d })));
  const l = machineLayout(REFERENCE_MACHINE, 'test', layoutDimms(placed).dimms);
  if (!l.ok) throw new Error(l.error);
  return new ModelSide(l.layout, v61);
}

const ctx = (on: CompareContext['on']): CompareContext => ({ bootBlocks: new Set([0, 1, 2, 3, 4, 5, 6, 7]), bootNodes: new Set([0, 1]), on });

describe('DIMM placement (QEMU first fit from 4 GiB)', () => {
  it('packs DIMMs upwards from 4 GiB in plug order', () => {
    const p = placeDimms([{ op: 'add', name: 'a', node: 1, size: 128 * MiB }, { op: 'add', name: 'b', node: 2, size: 256 * MiB }]);
    expect(p.map((d) => d.start)).toEqual([4 * GiB, 4 * GiB + 128 * MiB]);
  });

  it('reuses a freed address for a DIMM that fits, and goes above for one that does not', () => {
    const p = placeDimms([
      { op: 'add', name: 'a', node: 0, size: 128 * MiB }, { op: 'add', name: 'b', node: 1, size: 128 * MiB },
      { op: 'remove', name: 'a' }, { op: 'add', name: 'c', node: 2, size: 256 * MiB }, { op: 'add', name: 'd', node: 0, size: 128 * MiB },
    ]);
    expect(p.map((d) => (d.start - 4 * GiB) / MiB)).toEqual([0, 128, 256, 0]);
  });

  it('the same place, size and node is one layout DIMM; the layout refuses two nodes at one address', () => {
    const p = placeDimms([{ op: 'add', name: 'a', node: 1, size: 128 * MiB }, { op: 'remove', name: 'a' }, { op: 'add', name: 'b', node: 1, size: 128 * MiB }]);
    expect(layoutDimms(p).index).toEqual([0, 0]);
    const clash = placeDimms([{ op: 'add', name: 'a', node: 1, size: 128 * MiB }, { op: 'remove', name: 'a' }, { op: 'add', name: 'b', node: 2, size: 128 * MiB }]);
    const l = machineLayout(REFERENCE_MACHINE, 'clash', layoutDimms(clash).dimms);
    expect(l.ok).toBe(false);
    if (!l.ok) expect(l.error).toMatch(/^conformance layout clash: dimms\[1\]\.range: .*overlap/);
  });
});

describe('the QEMU machine as a layout', () => {
  it('boot RAM per node from address 0, node2 without memory or CPUs, 128M blocks', () => {
    const l = machineLayout(REFERENCE_MACHINE, 'm', []);
    expect(l.ok).toBe(true);
    if (!l.ok) return;
    expect(l.layout.boot.map((r) => [r.node, r.start, r.end])).toEqual([[0, 0, 512 * MiB], [1, 512 * MiB, 1024 * MiB]]);
    expect(l.layout.nodes).toEqual([{ id: 0, cpus: true }, { id: 1, cpus: true }, { id: 2, cpus: false }]);
    expect(l.layout.geometry.blockSize).toBe(128 * MiB);
  });

  it('qemuArgs: a memdev per node with memory, cpus per CPU node, the last node bare, nokaslr', () => {
    const args = qemuArgs(REFERENCE_MACHINE, 'vmlinuz', 'initrd', '/w', '/s').join(' ');
    expect(args).toContain('-m 1024M,slots=4,maxmem=4096M -smp 2');
    expect(args).toContain('-numa node,nodeid=0,cpus=0,memdev=boot0 ');
    expect(args).toContain('-numa node,nodeid=1,cpus=1,memdev=boot1 ');
    expect(args).toContain('-numa node,nodeid=2 ');
    expect(args).toContain('memhp_default_state=offline nokaslr');
  });
});

describe('snapshots and the comparison', () => {
  it('parseNodeList reads sysfs node lists', () => {
    expect(parseNodeList('0-2')).toEqual([0, 1, 2]);
    expect(parseNodeList('0,2-3')).toEqual([0, 2, 3]);
    expect(parseNodeList('')).toEqual([]);
  });

  it('parseSnapshot reads blocks, node links and zones; an unknown line is a harness error', () => {
    const v = parseSnapshot(BOOT);
    expect(v.blocks.get(0)).toEqual({ state: 'online', phys_index: 0, valid_zones: 'none', nodes: [0] });
    expect(v.nodes.get(1)).toEqual([4, 5, 6, 7]);
    expect(v.zones[2]).toEqual({ node: 1, zone: 'DMA32', start_pfn: 131072, spanned: 131040 });
    expect(() => parseSnapshot([...BOOT, 'garbage'])).toThrow(/unexpected line/);
  });

  it('the model boots the QEMU machine into the recorded boot state, under the declared abstractions', () => {
    const m = modelFor([]);
    expect(compareViews(parseSnapshot(BOOT), m.view(), '', '', ctx(ALL))).toEqual([]);
  });

  it('without the declared abstractions the boot state differs in exactly those fields: nothing is skipped silently', () => {
    const diffs = compareViews(parseSnapshot(BOOT), modelFor([]).view(), '', '', ctx(new Set()));
    expect(diffs.map((d) => d.field)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((b) => `memory${b}/valid_zones`),
      'zone node0 DMA', 'zone node0 DMA32', 'zone node1 DMA32',
    ]);
    expect(diffs[0]).toEqual({ field: 'memory1/valid_zones', real: 'DMA32', model: 'Normal' });
  });

  it('A1: a 128M DIMM on node1 is memory32, offline, "Normal Movable", linked to node1 both ways', () => {
    const m = modelFor([{ name: 'a', node: 1, size: 128 * MiB }]);
    m.add(0);
    const real = parseSnapshot([
      ...BOOT.slice(0, 10),
      'B 32 state=offline phys_index=00000020 valid_zones=Normal,Movable nodes=node1',
      'N 0 cpulist=0 memory=0,1,2,3', 'N 1 cpulist=1 memory=4,5,6,7,32', ...BOOT.slice(12),
    ]);
    expect(compareViews(real, m.view(), '', m.errno, ctx(ALL))).toEqual([]);
  });

  it('a differing errno and zone span are reported with both values', () => {
    const m = modelFor([{ name: 'a', node: 2, size: 128 * MiB }]);
    m.add(0);
    m.writeState(32, 'online_movable');
    const real = parseSnapshot(BOOT);
    const diffs = compareViews(real, m.view(), 'EBUSY', m.errno, ctx(ALL));
    expect(diffs[0]).toEqual({ field: 'errno', real: 'EBUSY', model: '0' });
    expect(diffs).toContainEqual({ field: 'zone node2 Movable', real: 'absent', model: 'start_pfn=1048576 spanned=32768' });
  });

  it('ModelSide: a bogus string is EINVAL with nothing changed; eject offlines online blocks, then removes', () => {
    const m = modelFor([{ name: 'b', node: 2, size: 256 * MiB }]);
    m.add(0);
    const before = JSON.stringify([...m.view().blocks]);
    m.writeState(32, 'bogus');
    expect(m.errno).toBe('EINVAL');
    expect(JSON.stringify([...m.view().blocks])).toBe(before);
    m.writeState(32, 'online_movable');
    m.writeState(33, 'online');
    expect(m.view().has_normal_memory).toEqual([0, 1, 2]);
    m.eject(0);
    expect(m.errno).toBe('');
    expect(m.view().online).toEqual([0, 1]);
    expect([...m.view().nodes.keys()]).toEqual([0, 1]);
  });
});
