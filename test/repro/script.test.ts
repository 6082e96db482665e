/**
 * hpcheck repro without QEMU: the plan, the QEMU command line and the host and guest scripts
 * of the seed counterexamples (test/fixtures/*.itf.json), checked against the traces.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planRepro, type Plan, type ReproTrace } from '../../repro/plan.ts';
import { predictAll } from '../../repro/predict.ts';
import { writeRepro } from '../../repro/script.ts';
import { findPatch } from '../../model/kernels/patches.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { parseLayout } from '../../model/layout/parse.ts';
import { hpcheck, ROOT } from '../cli/run-cli.ts';

const FIXTURES = join(ROOT, 'test/fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'hpcheck-repro-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function trace(file: string): ReproTrace {
  const meta = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))['#meta'];
  const l = parseLayout(JSON.stringify(meta.layout), file);
  if (!l.ok) throw new Error(l.error);
  return { source: file, layout: l.layout, kernel: meta.kernel, patches: meta.patches, property: meta.property, message: meta.message, actions: meta.actions };
}

function plan(file: string): Plan {
  const p = planRepro(trace(file));
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

async function write(file: string, kernel: string, patches: string[] = []): Promise<Record<string, string>> {
  const p = plan(file);
  const dir = join(tmp, `${file}-${kernel}`);
  writeRepro(dir, p, await predictAll(p, findProfile(kernel)!, patches.map((x) => findPatch(x)!)), kernel);
  return Object.fromEntries(['qemu.sh', 'host.sh', 'guest.sh', 'README.md'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const SEED001 = 'memoryless-node-two-dimms.v5.3.node-offline-safe.itf.json';
const ACPI = 'acpi-early-hotadd.v5.9.single-node-per-block.itf.json';

describe('repro of seed 001 (memoryless-node-two-dimms on v5.3)', () => {
  it('the machine: node 0 with 256M (two 128M blocks for the two 256M layout blocks) and a CPU; node 1 with neither', () => {
    const p = plan(SEED001);
    expect(p.machine.nodes).toEqual([{ memMiB: 256, cpus: true }, { memMiB: 0, cpus: false }]);
    expect(p.seq.steps).toEqual([
      { op: 'add', dimm: 'dimm1', node: 1, size: 128 * 2 ** 20 },
      { op: 'add', dimm: 'dimm2', node: 1, size: 128 * 2 ** 20 },
      { op: 'remove', dimm: 'dimm1' },
    ]);
    expect(p.steps.map((s) => s.actions.join(' '))).toEqual([
      trace(SEED001).actions.slice(0, 5).join(' '), 'add_memory(dimm1)', 'add_memory(dimm2)', 'remove_memory(dimm1)',
    ]);
  });

  it('qemu.sh and host.sh: the NUMA nodes, memory slots, boot options, and the monitor commands of the story', async () => {
    const f = await write(SEED001, 'v5.3');
    expect(f['qemu.sh']).toContain("-m '256M,slots=4,maxmem=4352M'");
    expect(f['qemu.sh']).toContain("-numa 'node,nodeid=0,cpus=0,memdev=boot0'");
    expect(f['qemu.sh']).toContain("-numa 'node,nodeid=1'");
    expect(f['qemu.sh']).toContain('memhp_default_state=offline');
    expect(f['host.sh']).toContain("hmp 'device_add pc-dimm,id=dimm-dimm1,memdev=mem-dimm1,node=1'");
    expect(f['host.sh']).toContain("hmp 'device_del dimm-dimm1'");
  });

  it('guest.sh step 3: v5.3 predicts node1 offline with memory33/node1 dangling; v6.1 predicts node1 stays', async () => {
    const bug = (await write(SEED001, 'v5.3'))['guest.sh'];
    const step3 = (t: string | undefined) => { const s = t ?? ''; return s.slice(s.indexOf('step_3()'), s.indexOf('}', s.indexOf('step_3()'))); };
    expect(step3(bug)).toContain(`'node/online is "0"'`);
    expect(step3(bug)).toContain("'memory33/node1 is left dangling (node1 is gone)'");
    expect(step3(bug)).toContain("'node1 is gone'");
    const fixed = (await write(SEED001, 'v6.1'))['guest.sh'];
    expect(step3(fixed)).toContain(`'node/online is "0-1"'`);
    expect(step3(fixed)).not.toContain('node1 is gone');
    expect(step3(fixed)).toContain("'memory32 is gone'");
  });

  it('guest.sh is valid POSIX sh and prints a verdict line per step', async () => {
    const f = await write(SEED001, 'v5.3');
    execFileSync('sh', ['-n', join(tmp, `${SEED001}-v5.3`, 'guest.sh')]);
    for (const n of [0, 1, 2, 3]) expect(f['guest.sh']).toContain(`  verdict ${n}\n}`);
  });
});

describe('repro of seed 000, x86 half (acpi-early-hotadd on v5.9 +system-state-below-running)', () => {
  it('the DIMM is on QEMU\'s command line, so ACPI adds it during boot: the trace\'s add_memory(dimm0) is part of step 0', async () => {
    const p = plan(ACPI);
    expect(p.machine.coldDimms).toEqual([{ name: 'dimm0', node: 1, sizeMiB: 128 }]);
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0]!.actions).toContain('add_memory(dimm0)');
    const f = await write(ACPI, 'v5.9', ['system-state-below-running']);
    expect(f['qemu.sh']).toContain("-device 'pc-dimm,id=dimm-dimm0,memdev=mem-dimm0,node=1'");
    expect(f['guest.sh']).toContain("'memory32 is linked under no node'");
    expect((await write(ACPI, 'v6.1'))['guest.sh']).toContain("'memory32 is linked under node1 only'");
  });
});

describe('steps QEMU cannot perform are marked, with the reason', () => {
  it('seed 000 on ppc64: the LMB is removed by drmgr, and the interleaved boot memory cannot be laid out by QEMU', async () => {
    const p = plan('ppc-interleaved.v5.8.link-consistency.itf.json');
    expect(p.steps.slice(1).map((s) => s.unsupported?.split(':')[0])).toEqual(['memory2 is boot memory, and QEMU cannot build this layout\'s boot memory', 'a ppc64 LMB (plugged', ]);
    expect(p.notes.join('\n')).toMatch(/interleaved node ranges/);
    expect((await write('ppc-interleaved.v5.8.link-consistency.itf.json', 'v5.8'))['guest.sh']).toContain('NOT PERFORMED step 2');
  });

  it('seed 004: memremap_pages needs an NVDIMM namespace', () => {
    const p = plan('pmem-early-section.v5.8.memmap-valid.itf.json');
    expect(p.steps.slice(1).every((s) => s.unsupported?.includes('NVDIMM'))).toBe(true);
  });
});

describe('hpcheck repro writes a directory for every seed counterexample', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.itf.json'));
  const lock = (f: string) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'))['#meta'].model === 'lock';

  for (const file of files.filter((f) => !lock(f))) {
    it(`${file}: every step is a guest operation or marked, and guest.sh parses`, async () => {
      const p = plan(file);
      expect(p.steps.slice(1).every((s) => (s.op === null) === (s.unsupported !== undefined))).toBe(true);
      expect(p.steps.flatMap((s) => s.actions)).toEqual(trace(file).actions);
      await write(file, trace(file).kernel, [...trace(file).patches]);
      execFileSync('sh', ['-n', join(tmp, `${file}-${trace(file).kernel}`, 'guest.sh')]);
    });
  }

  for (const file of [SEED001, files.find(lock)!]) {
    it(`the command: ${file}`, () => {
      const out = join(tmp, `cli-${file}`);
      const r = hpcheck('repro', join(FIXTURES, file), '--out', out);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(existsSync(join(out, 'README.md'))).toBe(true);
      execFileSync('sh', ['-n', join(out, 'guest.sh')]);
    }, 60_000);
  }

  it('a lock-model trace (seed 003) gets a README saying why each step is not performed', () => {
    const text = readFileSync(join(tmp, `cli-${files.find(lock)!}`, 'README.md'), 'utf8');
    expect(text).toMatch(/\*\*not performed\*\*: a lock-model step/);
  });

  it('a file that is not a trace: one line, exit 2', () => {
    const r = hpcheck('repro', join(ROOT, 'package.json'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
