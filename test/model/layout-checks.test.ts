/**
 * The semantic checks of parseLayout(): each bad layout gets one line naming the field.
 * Layouts are built as objects and fed as JSON (which is YAML), so each case states only
 * what it changes.
 */
import { describe, expect, it } from 'vitest';
import { parseLayout } from '../../model/layout/parse.ts';

type Obj = Record<string, unknown>;
type Entry = { node: number; range: unknown; name?: string };

/** Two nodes, 256M sections of four 64M subsections, 256M blocks; valid as it stands. */
function base() {
  return {
    name: 'two-node',
    geometry: { sectionSize: '256M', subsectionSize: '64M', blockSize: '256M' } as Obj,
    nodes: [{ id: 0, cpus: true }, { id: 1 }] as Obj[],
    boot: [
      { node: 0, range: '0x00000000-0x0fffffff' },
      { node: 1, range: '0x10000000-0x1bffffff' },
    ] as Entry[],
    dimms: [{ name: 'dimm0', node: 1, range: '0x20000000-0x2fffffff' }] as Entry[],
    pmem: [{ name: 'pmem0', node: 1, range: '0x1c000000-0x1fffffff' }] as Entry[],
  };
}

function layout(change: (l: ReturnType<typeof base>) => void): string {
  const l = base();
  change(l);
  return JSON.stringify(l);
}

function rejected(text: string, field: string): string {
  const r = parseLayout(text, 'my.yaml');
  expect(r.ok).toBe(false);
  const error = r.ok ? '' : r.error;
  expect(error).not.toMatch(/\n/);
  expect(error.startsWith(`my.yaml: ${field}: `), error).toBe(true);
  return error.slice(`my.yaml: ${field}: `.length);
}

const range = (start: number, size: number) => ({ start, size });
const M = 2 ** 20;

describe('parseLayout: semantic checks', () => {
  it('geometry.sectionSize of zero: rejected naming the field', () => {
    expect(rejected(layout((l) => (l.geometry.sectionSize = 0)), 'geometry.sectionSize')).toBe('must not be zero');
  });

  it('geometry.blockSize not a power of two: rejected naming the field', () => {
    expect(rejected(layout((l) => (l.geometry.blockSize = '768M')), 'geometry.blockSize')).toContain('power of two');
  });

  it('geometry.subsectionSize larger than sectionSize: rejected, must divide sectionSize', () => {
    const reason = rejected(layout((l) => (l.geometry.subsectionSize = '512M')), 'geometry.subsectionSize');
    expect(reason).toBe('must divide sectionSize (256M)');
  });

  it('geometry.blockSize smaller than sectionSize: rejected, must be a multiple', () => {
    expect(rejected(layout((l) => (l.geometry.blockSize = '128M')), 'geometry.blockSize')).toContain('multiple of sectionSize (256M)');
  });

  it('geometry.subsectionSize giving 32 subsections a section: rejected, above the model limit', () => {
    expect(rejected(layout((l) => (l.geometry.subsectionSize = '8M')), 'geometry.subsectionSize')).toContain('limit of 16');
  });

  it('nodes empty: rejected naming nodes', () => {
    rejected(layout((l) => (l.nodes = [])), 'nodes');
  });

  it('nodes: nine of them: rejected, above the model limit', () => {
    rejected(layout((l) => (l.nodes = [...Array(9).keys()].map((id) => ({ id, cpus: true })))), 'nodes');
  });

  it('nodes[1].id of 8: rejected, outside 0..7', () => {
    expect(rejected(layout((l) => (l.nodes[1] = { id: 8 })), 'nodes[1].id')).toContain('0..7');
  });

  it('nodes[1].id repeating node 0: rejected as declared twice', () => {
    expect(rejected(layout((l) => (l.nodes[1] = { id: 0 })), 'nodes[1].id')).toContain('declared twice');
  });

  it('no node with cpus: rejected naming nodes', () => {
    expect(rejected(layout((l) => (l.nodes[0] = { id: 0 })), 'nodes')).toContain('cpus: true');
  });

  it('boot empty: rejected naming boot', () => {
    rejected(layout((l) => (l.boot = [])), 'boot');
  });

  it('boot[0].node not declared: rejected naming the field', () => {
    expect(rejected(layout((l) => (l.boot[0]!.node = 3)), 'boot[0].node')).toBe('node 3 is not declared in nodes');
  });

  it('boot[1].range ending mid-subsection: rejected naming the field', () => {
    rejected(layout((l) => (l.boot[1]!.range = '0x10000000-0x1bfffffe')), 'boot[1].range');
  });

  it('boot[0].range empty (end below start): rejected naming the field', () => {
    expect(rejected(layout((l) => (l.boot[0]!.range = '0x00001000-0x00000fff')), 'boot[0].range')).toContain('empty range');
  });

  it('dimms[0].range of size zero: rejected naming the field', () => {
    rejected(layout((l) => (l.dimms[0]!.range = range(512 * M, 0))), 'dimms[0].range');
  });

  it('dimms[0].range not block aligned: rejected naming the field', () => {
    const reason = rejected(layout((l) => (l.dimms[0]!.range = range(0x24000000, 256 * M))), 'dimms[0].range');
    expect(reason).toBe('start 0x24000000 is not aligned to blockSize (256M)');
  });

  it('dimms[0].range with an exclusive end written: rejected, hinting that the end is inclusive', () => {
    const reason = rejected(layout((l) => (l.dimms[0]!.range = '0x20000000-0x30000000')), 'dimms[0].range');
    expect(reason).toContain('did you mean 0x2fffffff?');
  });

  it('dimms[0].node not declared: rejected naming the field', () => {
    rejected(layout((l) => (l.dimms[0]!.node = 5)), 'dimms[0].node');
  });

  it('seventeen dimms: rejected naming dimms', () => {
    const dimms = [...Array(17).keys()].map((i) => ({ name: `d${i}`, node: 0, range: range((2 + i) * 256 * M, 256 * M) }));
    expect(rejected(layout((l) => (l.dimms = dimms)), 'dimms')).toContain('limit of 16');
  });

  it('pmem[0].range not subsection aligned: rejected naming the field', () => {
    rejected(layout((l) => (l.pmem[0]!.range = range(0x1e000000, 32 * M))), 'pmem[0].range');
  });

  it('pmem[0].node not declared: rejected naming the field', () => {
    rejected(layout((l) => (l.pmem[0]!.node = 7)), 'pmem[0].node');
  });

  it('pmem[0].node offline at boot (no CPUs, no boot RAM): rejected naming the field', () => {
    const offline = layout((l) => {
      l.nodes.push({ id: 2 });
      l.pmem[0]!.node = 2;
    });
    expect(rejected(offline, 'pmem[0].node')).toContain('offline at boot');
    const cpuOnly = layout((l) => {
      l.nodes.push({ id: 2, cpus: true });
      l.pmem[0]!.node = 2;
    });
    expect(parseLayout(cpuOnly, 'my.yaml').ok).toBe(true);
  });

  it('nine pmem ranges: rejected naming pmem', () => {
    const pmem = [...Array(9).keys()].map((i) => ({ name: `p${i}`, node: 0, range: range(1024 * M + i * 64 * M, 64 * M) }));
    expect(rejected(layout((l) => (l.pmem = pmem)), 'pmem')).toContain('limit of 8');
  });

  it('pmem[0].name equal to a dimm name: rejected naming the field', () => {
    expect(rejected(layout((l) => (l.pmem[0]!.name = 'dimm0')), 'pmem[0].name')).toContain('dimms[0]');
  });

  it('dimms[0].range overlapping a boot range: rejected naming both fields', () => {
    const reason = rejected(layout((l) => (l.dimms[0]!.range = '0x10000000-0x1fffffff')), 'dimms[0].range');
    expect(reason).toBe('overlaps boot[1].range (0x10000000-0x1bffffff)');
  });

  it('boot[1].range overlapping boot[0].range: rejected naming both fields', () => {
    expect(rejected(layout((l) => (l.boot[1]!.range = '0x0c000000-0x1bffffff')), 'boot[1].range')).toContain('boot[0].range');
  });

  it('pmem[0].range inside the memory block of a dimm: rejected naming the field', () => {
    const reason = rejected(layout((l) => (l.pmem[0]!.range = '0x2c000000-0x2fffffff')), 'pmem[0].range');
    expect(reason).toContain('dimms[0].range');
  });

  it('pmem[0].range in the hole of an early section of another range: accepted', () => {
    // The base layout: boot[1] ends at 0x1bffffff, mid-section; pmem0 fills the rest.
    expect(parseLayout(layout(() => {}), 'my.yaml').ok).toBe(true);
  });

  it('dimms[0].range beyond 256 sections: rejected naming the field', () => {
    const reason = rejected(layout((l) => (l.dimms[0]!.range = range(256 * 256 * M, 256 * M))), 'dimms[0].range');
    expect(reason).toContain('256 sections');
  });

  it('a range ending exactly at 256 sections: accepted', () => {
    expect(parseLayout(layout((l) => (l.dimms[0]!.range = range(255 * 256 * M, 256 * M))), 'my.yaml').ok).toBe(true);
  });
});
