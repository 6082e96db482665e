import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinLayoutNames, loadLayout } from '../../model/layout/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ONE_NODE = `name: one-node
geometry: { sectionSize: 128M, subsectionSize: 16M, blockSize: 128M }
nodes: [ { id: 0, cpus: true } ]
boot: [ { node: 0, range: 0x00000000-0x07ffffff } ]
`;

describe('loadLayout', () => {
  it('a path to a YAML file: parsed', () => {
    const path = join(dir, 'one-node.yaml');
    writeFileSync(path, ONE_NODE);
    const r = loadLayout(path);
    expect(r.ok && r.layout.name).toBe('one-node');
  });

  it('a path to a bad file: the error names the path as given', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, ONE_NODE.replace('id: 0, cpus: true', 'id: 0'));
    const r = loadLayout(path);
    expect(r.ok ? '' : r.error).toBe(`${path}: nodes: no node has cpus: true (a machine needs a CPU)`);
  });

  it('neither a built-in nor a file: rejected listing the built-ins', () => {
    const r = loadLayout('no-such-layout');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(/^layout "no-such-layout": no such built-in layout or file \(built-ins: [^)]+\)$/);
  });

  it('a directory: not a layout file', () => {
    expect(loadLayout(dir).ok).toBe(false);
  });
});

describe('builtinLayoutNames', () => {
  it('sorted, without the .yaml suffix', () => {
    const names = builtinLayoutNames();
    expect(names).toEqual([...names].sort());
    for (const n of names) expect(n.endsWith('.yaml')).toBe(false);
  });

  it('every built-in layout: loads', () => {
    for (const name of builtinLayoutNames()) {
      const r = loadLayout(name);
      expect(r.ok ? '' : r.error, name).toBe('');
    }
  });
});
