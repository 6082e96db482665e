/**
 * layout import of the seed threads' machines, compared with the built-in layout of the
 * scenario: the ppc64 LPAR of seed 000 (a hand-made pseries boot log), the x86 QEMU machine of
 * seed 001 (a memoryless, CPU-less node 1) and seed 000's x86 half (a DIMM on QEMU's command
 * line, added by ACPI during boot); the two x86 logs were recorded by `hpcheck repro --run`
 * on Linux 6.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { importLayout } from '../../layout-import/import.ts';
import type { DimmSpec, ImportOptions } from '../../layout-import/options.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { findPatch } from '../../model/kernels/patches.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { loadLayout } from '../../model/layout/load.ts';
import type { Layout } from '../../model/layout/types.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { ROOT } from '../cli/run-cli.ts';

const LOGS = join(ROOT, 'test/fixtures/boot-logs');

function imported(log: string, small: boolean, o: Partial<ImportOptions>): { layout: Layout; yaml: string } {
  const options: ImportOptions = { name: 'imported', dimms: [], lmbs: [], vmemmap: 'huge', presentDimms: 'no', ...o };
  const r = importLayout({ dmesg: { text: readFileSync(join(LOGS, log), 'utf8'), source: log }, small, options });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function check(layout: Layout, kernel: string, patches: string[] = []) {
  const m = new HotplugModel({ layout, profile: findProfile(kernel)!, patches: patches.map((p) => findPatch(p)!), properties: PROPERTIES });
  const r = search(m, m.properties);
  return { verdict: r.verdict, states: r.states, violated: r.violations.map((v) => v.property).sort() };
}

const builtin = (name: string): Layout => { const l = loadLayout(name); if (!l.ok) throw new Error(l.error); return l.layout; };
const shape = (l: Layout) => ({ geometry: l.geometry, nodes: l.nodes, boot: l.boot, pmem: l.pmem, platform: l.platform, dimms: l.dimms.map(({ name: _n, ...d }) => d) });
const dimm = (node: number, plugged: DimmSpec['plugged'] = 'no'): DimmSpec => ({ node, size: 128 * 1024 * 1024, plugged });

describe('seed 000: the ppc64 LPAR whose node ranges interleave', () => {
  const lpar = (small: boolean) => imported('seed000-ppc64-lpar.log', small, { lmbs: [{ start: 0x20000000, end: 0x30000000 }] });

  it('imports, with --lmb for the DLPAR-removable LMB, to the built-in ppc-interleaved layout, and --small keeps it as it is', () => {
    expect(shape(lpar(false).layout)).toEqual(shape(builtin('ppc-interleaved')));
    expect(shape(lpar(true).layout)).toEqual(shape(builtin('ppc-interleaved')));
  });

  it('--small says it kept the interleaving and the CPU-less nodes; the defaults are stated', () => {
    const y = lpar(true).yaml;
    expect(y).toContain('# --small');
    expect(y).toMatch(/interleaved node ranges: node1 node2 node1 node2/);
    expect(y).toMatch(/node 1: CPU-less, with boot memory/);
    expect(y).toMatch(/block size: 256M \(not in the source; the usual pseries LMB size\)/);
  });

  it('check: v5.8 violates link-consistency and v5.9 verifies, in the same states as the built-in', () => {
    const v58 = check(lpar(true).layout, 'v5.8');
    expect(v58.violated).toContain('link-consistency');
    expect(v58).toEqual(check(builtin('ppc-interleaved'), 'v5.8'));
    const v59 = check(lpar(true).layout, 'v5.9');
    expect(v59.verdict).toBe('verified');
    expect(v59).toEqual(check(builtin('ppc-interleaved'), 'v5.9'));
  });
});

describe('seed 001: the x86 QEMU machine with a memoryless, CPU-less node', () => {
  const m = () => imported('seed001-x86-qemu-memoryless-node.log', true, { dimms: [dimm(1), dimm(1)] });

  it('--small with two DIMMs on node 1: one boot block on node 0, node 1 memoryless and CPU-less', () => {
    const l = m().layout;
    expect(l.nodes).toEqual([{ id: 0, cpus: true }, { id: 1, cpus: false }]);
    expect(l.boot).toHaveLength(1);
    expect(l.dimms.map((d) => [d.node, d.plugged])).toEqual([[1, 'no'], [1, 'no']]);
  });

  it('check gives the built-in memoryless-node-two-dimms verdicts: v5.3 violates node-offline-safe (and the rest), v5.10 verifies', () => {
    const want = check(builtin('memoryless-node-two-dimms'), 'v5.10');
    expect(want.verdict).toBe('verified');
    expect(check(m().layout, 'v5.10').verdict).toBe('verified');
    const got = check(m().layout, 'v5.3');
    expect(got.verdict).toBe('violation');
    expect(got.violated).toEqual(['link-consistency', 'memmap-valid', 'no-kernel-bug', 'node-offline-safe']);
  });
});

describe('seed 000, x86 half: a DIMM on QEMU\'s command line, added by ACPI during boot', () => {
  const a = () => imported('seed000-x86-qemu-acpi-early-dimm.log', true, { dimms: [dimm(1, 'acpi-early')] });

  it('the SRAT hotplug window of node 1 is named, and the DIMM sits in it at full size', () => {
    const full = imported('seed000-x86-qemu-acpi-early-dimm.log', false, { dimms: [dimm(1, 'acpi-early')] });
    expect(full.yaml).toContain('# SRAT hotplug window 0x100000000-0x2ffffffff on node 1');
    expect(full.layout.dimms[0]).toMatchObject({ node: 1, start: 0x100000000, plugged: 'acpi-early' });
  });

  it('check gives the built-in acpi-early-hotadd verdicts: v5.9 +system-state-below-running violates single-node-per-block; v5.9 verifies', () => {
    const got = check(a().layout, 'v5.9', ['system-state-below-running']);
    expect(got.verdict).toBe('violation');
    expect(got.violated).toContain('single-node-per-block');
    expect(check(builtin('acpi-early-hotadd'), 'v5.9', ['system-state-below-running']).violated).toContain('single-node-per-block');
    expect(check(a().layout, 'v5.9').verdict).toBe('verified');
  });
});
