/** Bad input: one line naming the field and the reason, exit 2, no stack trace. User layouts and patches. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpcheck, hpcheckJson } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const OWN_LAYOUT = `
name: my-two-socket
geometry: { sectionSize: 128M, subsectionSize: 32M, blockSize: 128M }
nodes: [ { id: 0, cpus: true }, { id: 1, cpus: true } ]
boot:
  - { node: 0, range: 0x00000000-0x0fffffff }
  - { node: 1, range: 0x10000000-0x17ffffff }
dimms:
  - { name: slot0, node: 1, range: 0x18000000-0x1fffffff }
platform: { autoOnline: online_movable }
`;

function expectOneLineError(r: { status: number; stdout: string; stderr: string }, ...parts: string[]): void {
  expect(r.status).toBe(2);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.includes('nodedir'));
  expect(lines).toHaveLength(1);
  for (const p of parts) expect(lines[0]).toContain(p);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('input errors', () => {
  it('a layout file with a misaligned DIMM: exit 2, one line naming dimms[0].range', () => {
    const bad = file('bad.yaml', OWN_LAYOUT.replace('0x18000000-0x1fffffff', '0x18000000-0x1bffffff'));
    expectOneLineError(hpcheck('check', '--layout', bad, '--kernel', 'v6.1'), 'dimms[0].range');
  });

  it('a layout file with an unknown key: exit 2 naming it', () => {
    const bad = file('unknown.yaml', OWN_LAYOUT.replace('name: my-two-socket', 'name: x\nsockets: 2'));
    expectOneLineError(hpcheck('check', '--layout', bad, '--kernel', 'v6.1'), 'sockets');
  });

  it('an unknown kernel, patch or property: exit 2 naming the flag', () => {
    expectOneLineError(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v9.9'), '--kernel v9.9');
    expectOneLineError(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--patch', 'deadbeef'), '--patch deadbeef');
    expectOneLineError(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'nope'), '--property nope');
  });

  it('a missing layout, a bad --max-states and an unknown option: exit 2', () => {
    expectOneLineError(hpcheck('check', '--layout', 'no-such-layout', '--kernel', 'v5.8'), 'no-such-layout');
    expectOneLineError(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--max-states', '1e3'), '--max-states');
    expect(hpcheck('check', '--frobnicate').status).toBe(2);
  });

  it('a user patch naming an unknown behaviour point: exit 2 naming it', () => {
    const p = file('bad-patch.ts', "export default { name: 'x', description: '', overrides: { try_offline_nodes() {} } };\n");
    expectOneLineError(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--patch', p), 'overrides.try_offline_nodes');
  });
});

describe('user layouts and patches', () => {
  it('a layout file of our own runs with no code change', () => {
    const { status, json } = hpcheckJson('check', '--layout', file('own.yaml', OWN_LAYOUT), '--kernel', 'v6.1');
    expect(json.layout).toBe('my-two-socket');
    expect(json.verdict).toBe('verified');
    expect(json.states).toBeGreaterThan(10);
    expect(status).toBe(0);
  });

  it('the example patch fixes node-offline-safe on v5.3', () => {
    const args = ['check', '--layout', 'memoryless-node-two-dimms', '--kernel', 'v5.3', '--property', 'node-offline-safe'];
    expect(hpcheckJson(...args).status).toBe(1);
    const { status, json } = hpcheckJson(...args, '--patch', './examples/patches/try-offline-node-linked.ts');
    expect(json.patches).toEqual(['try-offline-node-linked']);
    expect(json.verdict).toBe('verified');
    expect(status).toBe(0);
  });
});
