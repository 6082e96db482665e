/**
 * The boot log and sysfs readers of layout import, and the command as a user runs it: bad
 * input is one line naming the file and line, exit 2.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDmesg, stripPrefix } from '../../layout-import/dmesg.ts';
import { importLayout } from '../../layout-import/import.ts';
import { parseDimmSpec } from '../../layout-import/options.ts';
import { readSysfs } from '../../layout-import/sysfs.ts';
import { hpcheck } from '../cli/run-cli.ts';
import { materialize, peakCopy, recording } from './recorded.ts';

const tmp = mkdtempSync(join(tmpdir(), 'hpcheck-import-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LOG = `[    0.000000] Command line: console=ttyS0 memhp_default_state=online_movable movable_node
[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable
[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000002bffffff] usable
[    0.000000] BIOS-e820: [mem 0x000000002c000000-0x000000002fffffff] persistent (type 12)
[    0.000000] SRAT: PXM 0 -> APIC 0x00 -> Node 0
[    0.000000] Zone ranges:
[    0.000000]   DMA      [mem 0x0000000000001000-0x0000000000ffffff]
[    0.000000] Early memory node ranges
[    0.000000]   node   0: [mem 0x0000000000001000-0x000000000009efff]
[    0.000000]   node   0: [mem 0x0000000000100000-0x000000002bffffff]
[    0.912000] x86/mm: Memory block size: 256MB
`;

describe('readDmesg', () => {
  it('strips time stamps, syslog levels and journalctl prefixes', () => {
    expect(stripPrefix('[    0.134894]   node   0: [mem 0x1000-0x9efff]')).toBe('  node   0: [mem 0x1000-0x9efff]');
    expect(stripPrefix('Dec 04 15:00:01 host kernel: x86/mm: Memory block size: 128MB')).toBe('x86/mm: Memory block size: 128MB');
    expect(stripPrefix('<6>Early memory node ranges')).toBe('Early memory node ranges');
  });

  it('reads boot ranges, the block size, ZONE_DMA, e820 pmem and the command line', () => {
    const f = readDmesg(LOG, 'x.log');
    if (!f.ok) throw new Error(f.error);
    expect(f.value.boot).toEqual([{ node: 0, start: 0x1000, end: 0x9f000 }, { node: 0, start: 0x100000, end: 0x2c000000 }]);
    expect(f.value.blockSize).toBe(256 * 1024 * 1024);
    expect(f.value.dmaZoneEnd).toBe(16 * 1024 * 1024);
    expect(f.value.pmem).toEqual([{ node: -1, start: 0x2c000000, end: 0x30000000 }]);
    expect([f.value.autoOnline, f.value.movableNode]).toEqual(['online_movable', true]);
  });

  it('a line that starts like a layout line but does not parse is an error naming the line', () => {
    const bad = LOG.replace('  node   0: [mem 0x0000000000100000-0x000000002bffffff]', '  node   0: [mem 0x0000000000100000-0xZZ]');
    const f = readDmesg(bad, 'x.log');
    expect(f.ok ? '' : f.error).toBe('x.log:10: "node   0: [mem 0x0000000000100000-0xZZ]": cannot read an "Early memory node ranges" line');
  });

  it('a log without memory ranges is refused', () => {
    const f = readDmesg('hello\nworld\n', 'notes.txt');
    expect(f.ok ? '' : f.error).toMatch(/^notes\.txt: no "Early memory node ranges" and no BIOS-e820 usable lines/);
  });
});

describe('importLayout', () => {
  it('boot memory ending mid-section with pmem in the rest of the early section (seed 004): both kept, by --small too', () => {
    const r = importLayout({ dmesg: { text: LOG, source: 'x.log' }, small: true, options: { name: 'p', dimms: [], lmbs: [], vmemmap: 'base', presentDimms: 'no' } });
    if (!r.ok) throw new Error(r.error);
    const l = r.value.layout;
    // 16M subsections: the end of ZONE_DMA (16M) is a boundary the geometry must keep.
    expect(l.geometry).toEqual({ sectionSize: 256 * 2 ** 20, subsectionSize: 16 * 2 ** 20, blockSize: 256 * 2 ** 20 });
    // 704M of boot memory: --small keeps one whole block and the 192M in the shared section.
    expect(l.boot).toEqual([{ node: 0, start: 0, end: 0x1c000000 }]);
    expect(l.pmem).toEqual([{ name: 'pmem0', node: 0, start: 0x1c000000, end: 0x20000000 }]);
    expect(r.value.yaml).toMatch(/device memory pmem0 shares an early section with boot memory/);
    expect(r.value.yaml).toMatch(/boot memory of node 0 ends mid-section/);
    expect(l.platform).toMatchObject({ vmemmap: 'base', autoOnline: 'online_movable', movableNode: true, dmaZoneEnd: 16 * 2 ** 20 });
  });

  it('--small keeps two DIMMs of a node and kind, and says which it dropped', () => {
    const dimms = [1, 1, 1].map((node) => ({ node, size: 256 * 2 ** 20, plugged: 'no' as const }));
    const r = importLayout({ dmesg: { text: LOG, source: 'x.log' }, small: true, options: { name: 'd', dimms, lmbs: [], vmemmap: 'huge', presentDimms: 'no' } });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.layout.dimms.map((d) => d.name)).toEqual(['dimm0', 'dimm1']);
    expect(r.value.yaml).toContain('# dropped: 1 DIMM(s) beyond the first two of their node and kind: dimm2');
  });

  it('--dimm specs: every mistake names the key', () => {
    expect(parseDimmSpec('node=1,size=128M,at=0x100000000').ok).toBe(true);
    expect(parseDimmSpec('node=1').ok ? '' : (parseDimmSpec('node=1') as { error: string }).error).toMatch(/^--dimm node=1: size:/);
    expect((parseDimmSpec('node=1,size=1G,plugged=maybe') as { error: string }).error).toMatch(/plugged: "maybe" is not boot, acpi-early or no/);
    expect((parseDimmSpec('size=1G,colour=red') as { error: string }).error).toMatch(/unknown key "colour"/);
  });
});

describe('readSysfs', () => {
  it('reads a tar archive of a sysfs copy whose files GNU tar padded with NUL bytes, as tar does from sysfs', () => {
    const dir = materialize(peakCopy(recording('memoryless-node-two-dimms').trace));
    const padded = join(tmp, 'padded');
    execFileSync('cp', ['-a', dir, padded]);
    for (const f of ['memory/block_size_bytes', 'memory/memory32/state', 'node/possible']) writeFileSync(join(padded, f), `${execFileSync('cat', [join(dir, f)]).toString()}${'\0'.repeat(4000)}`);
    execFileSync('tar', ['-czf', join(tmp, 'sysfs.tgz'), '-C', padded, '.']);
    const f = readSysfs(join(tmp, 'sysfs.tgz'));
    if (!f.ok) throw new Error(f.error);
    expect(f.value.blockSize).toBe(128 * 2 ** 20);
    expect(f.value.dimms.map((d) => [d.node, d.start])).toEqual([[2, 0x100000000], [2, 0x108000000]]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a copy without the node links is refused, naming the block', () => {
    const d = join(tmp, 'nolinks');
    mkdirSync(join(d, 'memory/memory0'), { recursive: true });
    writeFileSync(join(d, 'memory/block_size_bytes'), '8000000\n');
    writeFileSync(join(d, 'memory/memory0/state'), 'online\n');
    const f = readSysfs(d);
    expect(f.ok ? '' : f.error).toMatch(/memory\/memory0: no nodeK link/);
  });
});

describe('hpcheck layout import (command line)', () => {
  it('a log it cannot read: one line naming the line, exit 2', () => {
    writeFileSync(join(tmp, 'bad.log'), 'Linux version 6.1\nACPI: SRAT: Node 0 PXM 0 [mem 0x0-0xfff] enabled\n');
    const r = hpcheck('layout', 'import', '--dmesg', join(tmp, 'bad.log'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`hpcheck: ${join(tmp, 'bad.log')}:2: "ACPI: SRAT: Node 0 PXM 0 [mem 0x0-0xfff] enabled": cannot read an SRAT memory affinity line`]);
  });

  it('check runs on its output directly, through a pipe (bash <(...))', () => {
    const log = join(tmp, 'ok.log');
    writeFileSync(log, LOG);
    const r = hpcheck('check', '--layout', '/dev/stdin', '--kernel', 'v6.1');
    expect(r.status).toBe(2);
    const out = execFileSync('bash', ['-c', `node --import tsx cli/main.ts check --layout <(node --import tsx cli/main.ts layout import --small --dmesg ${log}) --kernel v6.1 --json`], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toMatchObject({ verdict: 'verified' });
  }, 60_000);
});
