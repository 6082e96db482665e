import { describe, expect, it } from 'vitest';
import { parseLayout } from '../../model/layout/parse.ts';
import type { Layout } from '../../model/layout/types.ts';

const M = 2 ** 20;

/** The example of docs/cli.md#layout-files, verbatim. */
const EXAMPLE = `name: example
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1 }
  - { id: 2 }
boot:                       # "Early memory node ranges", as the boot log prints them
  - { node: 2, range: 0x00000000-0x0fffffff }
  - { node: 1, range: 0x10000000-0x1fffffff }
  - { node: 2, range: 0x20000000-0x2bffffff }   # ends mid-section: an early section with a hole
dimms:                      # hot-pluggable memory, block aligned
  - { name: lmb3, node: 1, range: 0x30000000-0x3fffffff, plugged: boot }
  - { name: dimm0, node: 1, range: 0x40000000-0x4fffffff }
pmem:                       # device memory, subsection aligned, may share an early section
  - { name: pmem0, node: 2, range: 0x2c000000-0x2fffffff }   # the hole of that early section
platform: { vmemmap: base, autoOnline: offline }
`;

/** The example with each `from` replaced by `to`; a `from` that is missing is a test bug. */
function edit(...pairs: [from: string, to: string][]): string {
  return pairs.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`edit: "${from}" not in the layout`);
    return text.replace(from, to);
  }, EXAMPLE);
}

function parsed(text: string): Layout {
  const r = parseLayout(text, 'my.yaml');
  if (!r.ok) throw new Error(r.error);
  return r.layout;
}

/** Parse must fail with one line `my.yaml: <field>: <reason>`; returns the reason. */
function rejected(text: string, field: string): string {
  const r = parseLayout(text, 'my.yaml');
  expect(r.ok).toBe(false);
  const error = r.ok ? '' : r.error;
  expect(error).not.toMatch(/\n/);
  expect(error.startsWith(`my.yaml: ${field}: `), error).toBe(true);
  return error.slice(`my.yaml: ${field}: `.length);
}

describe('parseLayout: the documented example', () => {
  it('parses to bytes, half-open ranges, defaults applied', () => {
    const l = parsed(EXAMPLE);
    expect(l.name).toBe('example');
    expect(l.description).toBe('');
    expect(l.geometry).toEqual({ sectionSize: 256 * M, subsectionSize: 64 * M, blockSize: 256 * M });
    expect(l.nodes).toEqual([
      { id: 0, cpus: true },
      { id: 1, cpus: false },
      { id: 2, cpus: false },
    ]);
    expect(l.boot).toEqual([
      { node: 2, start: 0, end: 0x10000000 },
      { node: 1, start: 0x10000000, end: 0x20000000 },
      { node: 2, start: 0x20000000, end: 0x2c000000 },
    ]);
    expect(l.dimms).toEqual([
      { name: 'lmb3', node: 1, start: 0x30000000, end: 0x40000000, plugged: 'boot' },
      { name: 'dimm0', node: 1, start: 0x40000000, end: 0x50000000, plugged: 'no' },
    ]);
    expect(l.pmem).toEqual([{ name: 'pmem0', node: 2, start: 0x2c000000, end: 0x30000000 }]);
    expect(l.platform).toEqual({
      vmemmap: 'base',
      autoOnline: 'offline',
      deferredStructPageInit: false,
      debugVmPgflags: false,
      movableNode: false,
      dmaZoneEnd: 0,
    });
  });

  it('dimms, pmem and platform omitted: empty lists and default platform', () => {
    const l = parsed(EXAMPLE.slice(0, EXAMPLE.indexOf('dimms:')));
    expect(l.dimms).toEqual([]);
    expect(l.pmem).toEqual([]);
    expect(l.platform).toEqual({
      vmemmap: 'huge',
      autoOnline: 'offline',
      deferredStructPageInit: false,
      debugVmPgflags: false,
      movableNode: false,
      dmaZoneEnd: 0,
    });
  });

  it('nodes given out of order: sorted by id; boot order kept as written', () => {
    const l = parsed(edit(['  - { id: 0, cpus: true }\n  - { id: 1 }\n', '  - { id: 1 }\n  - { id: 0, cpus: true }\n']));
    expect(l.nodes.map((n) => n.id)).toEqual([0, 1, 2]);
    expect(l.boot.map((b) => b.node)).toEqual([2, 1, 2]);
  });

  it('sizes in hex, decimal, K, M, MiB and mb: the same geometry', () => {
    const l = parsed(
      edit(['{ sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }', '{ sectionSize: 0x10000000, subsectionSize: 65536K, blockSize: 268435456 }']),
    );
    expect(l.geometry).toEqual({ sectionSize: 256 * M, subsectionSize: 64 * M, blockSize: 256 * M });
    const g = parsed(edit(['{ sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }', '{ sectionSize: 256MiB, subsectionSize: 64mb, blockSize: 256mib }']));
    expect(g.geometry).toEqual({ sectionSize: 256 * M, subsectionSize: 64 * M, blockSize: 256 * M });
  });

  it('ranges as { start, size } and { start, end } (end inclusive): same bytes as the log form', () => {
    const l = parsed(
      edit(
        ['range: 0x30000000-0x3fffffff', 'range: { start: 768M, size: 256M }'],
        ['range: 0x40000000-0x4fffffff', 'range: { start: 1G, end: 0x4fffffff }'],
      ),
    );
    expect(l.dimms.map((d) => [d.start, d.end])).toEqual([
      [0x30000000, 0x40000000],
      [0x40000000, 0x50000000],
    ]);
  });

  it('description, plugged acpi-early and every platform switch: carried through', () => {
    const l = parsed(
      edit(
        ['name: example', 'name: example\ndescription: two nodes'],
        ['0x4fffffff }', '0x4fffffff, plugged: acpi-early }'],
        [
          '{ vmemmap: base, autoOnline: offline }',
          '{ autoOnline: online_movable, deferredStructPageInit: true, debugVmPgflags: true, movableNode: true }',
        ],
      ),
    );
    expect(l.description).toBe('two nodes');
    expect(l.dimms[1]?.plugged).toBe('acpi-early');
    expect(l.platform).toEqual({
      vmemmap: 'huge',
      autoOnline: 'online_movable',
      deferredStructPageInit: true,
      debugVmPgflags: true,
      movableNode: true,
      dmaZoneEnd: 0,
    });
  });

  it('JSON input, with G sizes and numeric addresses: parsed like YAML', () => {
    const json = JSON.stringify({
      name: 'one-node',
      geometry: { sectionSize: '128M', subsectionSize: '16M', blockSize: '1G' },
      nodes: [{ id: 0, cpus: true }],
      boot: [{ node: 0, range: '0x00000000-0x07ffffff' }],
      dimms: [{ name: 'dimm0', node: 0, range: { start: 0x40000000, size: '1G' } }],
    });
    const l = parsed(json);
    expect(l.geometry).toEqual({ sectionSize: 128 * M, subsectionSize: 16 * M, blockSize: 1024 * M });
    expect(l.boot).toEqual([{ node: 0, start: 0, end: 128 * M }]);
    expect(l.dimms).toEqual([{ name: 'dimm0', node: 0, start: 1024 * M, end: 2048 * M, plugged: 'no' }]);
  });
});

describe('parseLayout: syntax and shape errors', () => {
  it('YAML syntax error: rejected naming the line', () => {
    const r = parseLayout('name: x\nnodes: [ { id: 0 }\n', 'my.yaml');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(/^my\.yaml: line \d+: [^\n]+$/);
  });

  it('duplicate YAML key: rejected naming the line', () => {
    const r = parseLayout(edit(['name: example', 'name: example\nname: again']), 'my.yaml');
    expect(r.ok ? '' : r.error).toMatch(/^my\.yaml: line 2: .*unique/);
  });

  it('two YAML documents: rejected naming the line', () => {
    const r = parseLayout(`${EXAMPLE}---\nname: again\n`, 'my.yaml');
    expect(r.ok ? '' : r.error).toMatch(/^my\.yaml: line \d+: a layout file holds a single YAML document$/);
  });

  it('empty file and a top-level list: rejected', () => {
    for (const text of ['', '- 1\n']) {
      const r = parseLayout(text, 'my.yaml');
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.error).toMatch(/^my\.yaml: [^\n]+$/);
    }
  });

  it('unknown key at top level: rejected naming the key', () => {
    expect(rejected(edit(['name: example', 'name: example\nfoo: 1']), 'foo')).toMatch(/unknown key "foo"/);
  });

  it('geometry.sectionsize misspelt: rejected as an unknown key, listing the known ones', () => {
    const reason = rejected(edit(['sectionSize: 256M', 'sectionsize: 256M']), 'geometry.sectionsize');
    expect(reason).toContain('unknown key "sectionsize"');
    expect(reason).toContain('sectionSize, subsectionSize, blockSize');
  });

  it('unknown key in nodes[1], dimms[0] and platform: rejected naming the field', () => {
    rejected(edit(['{ id: 1 }', '{ id: 1, memory: 1G }']), 'nodes[1].memory');
    rejected(edit(['plugged: boot }', 'plugged: boot, size: 1G }']), 'dimms[0].size');
    rejected(edit(['autoOnline: offline }', 'autoOnline: offline, kaslr: true }']), 'platform.kaslr');
  });

  it('unknown key inside a range object: rejected naming the range', () => {
    expect(rejected(edit(['range: 0x40000000-0x4fffffff', 'range: { start: 1G, length: 256M }']), 'dimms[1].range')).toContain('"length"');
  });

  it('name missing: rejected as required', () => {
    expect(rejected(edit(['name: example\n', '']), 'name')).toBe('required');
  });

  it('geometry.blockSize missing: rejected as required', () => {
    expect(rejected(edit([', blockSize: 256M', '']), 'geometry.blockSize')).toBe('required');
  });

  it('dimms[0].plugged not an allowed value: rejected listing the values', () => {
    expect(rejected(edit(['plugged: boot', 'plugged: yes']), 'dimms[0].plugged')).toContain('expected one of boot, acpi-early, no');
  });

  it('platform.autoOnline not an allowed value: rejected naming the field', () => {
    rejected(edit(['autoOnline: offline', 'autoOnline: movable']), 'platform.autoOnline');
  });

  it('nodes[2].id not a number: rejected naming the field', () => {
    rejected(edit(['{ id: 2 }', '{ id: two }']), 'nodes[2].id');
  });

  it('geometry.sectionSize not a size: rejected naming the field', () => {
    expect(rejected(edit(['sectionSize: 256M', 'sectionSize: 256Q']), 'geometry.sectionSize')).toContain('256Q');
  });

  it('boot[1].range not a range: rejected naming the field', () => {
    rejected(edit(['range: 0x10000000-0x1fffffff', 'range: 0x10000000']), 'boot[1].range');
  });
});
