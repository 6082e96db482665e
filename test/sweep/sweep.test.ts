/**
 * Sweeps in-process and on the worker pool: the records, the results file, resuming an
 * interrupted sweep, action coverage and the prove verdict.
 */
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { CoverageModel } from '../../sweep/coverage.ts';
import { parseLayoutName, type Bounds } from '../../model/layout/enumerate.ts';
import { specLayout } from '../../model/layout/layout-file.ts';
import { proveVerdict } from '../../sweep/prove.ts';
import { readResults, runKey } from '../../sweep/results.ts';
import { configLabel, type RunConfig, type RunRecord } from '../../sweep/run.ts';
import { runSweep, type SweepOptions } from '../../sweep/sweep.ts';

/** 26 classes (see enumerate.test.ts), 52 runs on two kernels. */
const TINY: Bounds = { nodes: 1, blocks: 2, dimms: 1, pmem: 1 };
const config = (kernel: string, patches: string[] = []): RunConfig => ({ label: configLabel(kernel, patches), kernel, patches });

function options(extra: Partial<SweepOptions> = {}): SweepOptions {
  return {
    bounds: TINY, configs: [config('v5.8'), config('v5.9')], properties: PROPERTIES.map((p) => p.name), propertyFilter: [],
    maxStates: null, shard: null, jobs: 1, ...extra,
  };
}

async function sweep(extra: Partial<SweepOptions> = {}) {
  const r = await runSweep(options(extra));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'hpcheck-sweep-'));
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('runSweep', () => {
  it('runs every class under every kernel; v5.8 breaks memmap-valid on seed 004 with base-page vmemmap, v5.9 does not', async () => {
    const o = await sweep();
    expect(o.summary.runs).toBe(52);
    expect(o.summary.expectedRuns).toBe(52);
    const v58 = o.summary.rows.find((r) => r.config === 'v5.8')!;
    const memmap = v58.cells.find((c) => c.property === 'memmap-valid')!;
    expect(memmap.smallest?.name).toBe('c0_P0_base');
    expect(memmap.classes).toBe(9);
    expect(o.summary.rows.find((r) => r.config === 'v5.9')!.violation).toBe(0);
  });

  it('gives the same records on two worker threads as in-process, in any completion order', async () => {
    const strip = (rs: readonly RunRecord[]) => rs.map(({ seconds: _, ...r }) => r).sort((a, b) => runKey(a).localeCompare(runKey(b)));
    const one = await sweep();
    const two = await sweep({ jobs: 2 });
    expect(strip(two.records)).toEqual(strip(one.records));
    expect(two.summary).toEqual(one.summary);
  });

  it('--resume: an interrupted sweep with a torn last line continues, running only the runs not recorded', async () => {
    const full = await sweep();
    const out = join(tmp(), 'r.jsonl');
    let n = 0;
    const cut = await sweep({ out, onRecord: () => { n++; }, stopped: () => n >= 10 });
    expect(cut.records).toHaveLength(10);
    appendFileSync(out, '{"type":"run","layout":3,"na');
    let done = -1;
    let ran = 0;
    const resumed = await sweep({ out, resume: true, onStart: (_total, d) => { done = d; }, onRecord: () => { ran++; } });
    expect(done).toBe(10);
    expect(ran).toBe(42);
    expect(resumed.resumed).toBe(10);
    expect(resumed.summary).toEqual(full.summary);
    const file = readResults(out);
    if (!file.ok) throw new Error(file.error);
    expect(file.value.records).toHaveLength(52);
    expect(new Set(file.value.records.map(runKey)).size).toBe(52);
    expect(lines(out)).toHaveLength(53);
  });

  it('--resume refuses a results file of another sweep, naming the field that differs', async () => {
    const out = join(tmp(), 'r.jsonl');
    await sweep({ out });
    const r = await runSweep(options({ out, resume: true, bounds: { ...TINY, dimms: 0 } }));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^--resume .*r\.jsonl: a different sweep: bounds differs/) });
  });

  it('a run stopped by --max-states is bounded, never verified', async () => {
    const o = await sweep({ maxStates: 5, configs: [config('v5.9')] });
    expect(o.summary.boundedRuns).toBe(26);
    expect(o.records.every((r) => r.verdict === 'bounded' && r.bounded)).toBe(true);
  });
});

describe('CoverageModel', () => {
  it('explores exactly as the model it wraps, and records the ACPI add in SYSTEM_SCHEDULING', () => {
    const spec = parseLayoutName('c0_A0.R0');
    if (!spec.ok) throw new Error(spec.error);
    const model = () => new HotplugModel({ layout: specLayout(spec.value), profile: findProfile('v5.8')!, patches: [], properties: PROPERTIES });
    const plain = model();
    const bare = search(plain, plain.properties);
    const covered = new CoverageModel(model());
    const r = search(covered, covered.properties);
    expect([r.verdict, r.states, r.transitions, r.depth]).toEqual([bare.verdict, bare.states, bare.transitions, bare.depth]);
    expect([...covered.fired]).toContain('add_memory in SYSTEM_SCHEDULING');
    expect([...covered.fired]).not.toContain('memremap_pages');
    expect([...covered.succeeded]).toContain('online_pages(online_movable)');
  });
});

describe('proveVerdict', () => {
  it('system-state-below-running on v5.8 introduces violations on the ACPI early hot-add layout and removes none', async () => {
    const base = config('v5.8');
    const patched = config('v5.8', ['system-state-below-running']);
    const o = await sweep({ bounds: { nodes: 1, blocks: 2, dimms: 1, pmem: 0 }, configs: [base, patched] });
    const v = proveVerdict(o.summary, o.records, base.label, patched.label);
    expect(v.removed).toEqual([]);
    expect(v.introduced.map((c) => [c.property, c.smallest.name])).toEqual([
      ['single-node-per-block', 'c0_A0.R0'],
      ['memmap-valid', 'c0_A0.R0'],
      ['no-kernel-bug', 'c0_A0.R0'],
    ]);
    expect(v.introduced[0]!.smallest.trace.at(-1)).toBe('add_memory(dimm0)');
    expect(v.proved).toBe(false);
    expect(v.actions.patched.neverFired).toEqual(['memremap_pages', 'memunmap_pages']);
  });
});
