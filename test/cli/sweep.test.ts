/**
 * `hpcheck sweep`, `merge`, `prove` and `layouts` as a user runs them, on tiny bounds.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpcheck } from './run-cli.ts';

/** 26 layout classes (test/sweep/enumerate.test.ts) on two kernels. */
const TINY = ['--nodes', '1', '--blocks', '2', '--dimms', '1', '--pmem', '1', '--kernel', 'v5.8', '--kernel', 'v5.9'];

const json = (stdout: string): Record<string, any> => JSON.parse(stdout);
const drop = (o: Record<string, any>, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe('hpcheck sweep and merge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpcheck-cli-sweep-'));
  const shard = (i: number) => join(dir, `shard${i}.jsonl`);

  it('shards 1/3, 2/3 and 3/3, merged, give the summary of the unsharded sweep', () => {
    const whole = hpcheck('sweep', ...TINY, '--json');
    expect(whole.status).toBe(1);
    for (const i of [1, 2, 3]) {
      const r = hpcheck('sweep', ...TINY, '--shard', `${i}/3`, '--out', shard(i), '--json');
      expect(r.stderr).toBe('');
      expect(json(r.stdout).runs).toBe(i === 3 ? 16 : 18);
    }
    const merged = hpcheck('merge', shard(1), shard(2), shard(3), '--json');
    expect(merged.status).toBe(whole.status);
    expect(drop(json(merged.stdout), 'shards', 'missingShards')).toEqual(drop(json(whole.stdout), 'seconds', 'jobs', 'shard'));
    const human = hpcheck('merge', shard(3), shard(1), shard(2));
    const wholeHuman = hpcheck('sweep', ...TINY, '--jobs', '1');
    expect(human.stdout).toBe(wholeHuman.stdout.replace(/\n\nTime: .*\n$/, '\n'));
  }, 300_000); // six CLI sweeps; the readers doubled the transitions of each run

  it('merge of an incomplete set of shards says which are missing and exits 1 or 3, never 0', () => {
    const r = hpcheck('merge', shard(1), shard(3));
    expect(r.stdout).toContain('Incomplete: shard 2/3 missing');
    expect(r.stdout).toContain('Runs: 34 of 34');
    const clean = hpcheck('sweep', '--nodes', '1', '--blocks', '1', '--dimms', '0', '--kernel', 'v5.9', '--shard', '1/2', '--out', join(dir, 'c1.jsonl'));
    expect(clean.status).toBe(0);
    expect(hpcheck('merge', join(dir, 'c1.jsonl')).status).toBe(3);
  });

  it('merge refuses files of different sweeps, in one line', () => {
    const other = join(dir, 'other.jsonl');
    hpcheck('sweep', '--nodes', '1', '--blocks', '1', '--dimms', '0', '--kernel', 'v5.8', '--shard', '2/3', '--out', other);
    const r = hpcheck('merge', shard(1), other);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hpcheck: .*other\.jsonl: not a shard of the same sweep as .*shard1\.jsonl: bounds differs .*\n$/);
  });

  it('writes a header line and one JSON line per run to --out', () => {
    const text = readFileSync(shard(1), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(text[0]!)).toMatchObject({ type: 'sweep', bounds: { nodes: 1, blocks: 2, dimms: 1, pmem: 1 }, shard: { index: 1, count: 3 }, classes: 26 });
    expect(text).toHaveLength(1 + 18);
    expect(JSON.parse(text[1]!)).toMatchObject({ type: 'run', verdict: expect.any(String), states: expect.any(Number), fired: expect.any(Array) });
  });
});

describe('hpcheck prove', () => {
  it('f85086f95fa3 on v5.8 removes the interleaved-node violations of seed 000 and introduces none: exit 0', () => {
    const r = hpcheck('prove', '--kernel', 'v5.8', '--patch', 'f85086f95fa3', '--nodes', '2', '--blocks', '3', '--dimms', '1', '--json');
    expect(r.status).toBe(0);
    const v = json(r.stdout).prove;
    expect(v.proved).toBe(true);
    expect(v.introduced).toEqual([]);
    expect(v.removed.map((c: any) => [c.property, c.smallest.name])).toEqual([
      ['single-node-per-block', 'c01_R0.R1.R0'],
      ['link-consistency', 'c01_R0.B1.R0'],
      ['memmap-valid', 'c01_R1.R0.R1'],
      ['no-kernel-bug', 'c01_R1.B0.R1'],
    ]);
    expect(v.removed[3].smallest.trace.slice(-3)).toEqual(['offline_pages(memory1)', 'remove_memory(lmb1)', 'add_memory(lmb1)']);
  });

  it('system-state-below-running on v5.8 is not enough: the ACPI hot-add in SYSTEM_SCHEDULING breaks, told as a story; exit 1', () => {
    const r = hpcheck('prove', '--kernel', 'v5.8', '--patch', 'system-state-below-running', '--nodes', '1', '--blocks', '2', '--dimms', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Smallest counterexample for single-node-per-block, on c0_A0.R0');
    expect(r.stdout).toContain('__add_memory(0, [mem 0x00000000-0x0fffffff]) in SYSTEM_SCHEDULING');
    expect(r.stdout).toContain('NOT PROVED: it introduces violations of single-node-per-block, memmap-valid, no-kernel-bug');
    expect(r.stdout).toContain('warning: on v5.8 these actions never fired, so the result says nothing about them: memremap_pages, memunmap_pages');
  });

  it("a user's --patch ./file.ts loads in the pool's worker threads", () => {
    const r = hpcheck('prove', '--kernel', 'v5.3', '--patch', './examples/patches/try-offline-node-linked.ts', '--nodes', '1', '--blocks', '2', '--dimms', '1', '--jobs', '2');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/PROVED WITHIN BOUNDS: v5\.3\+try-offline-node-linked\.ts@[0-9a-f]{12} introduces no violation/);
  });

  it('a bounded run leaves the patch unproved, and --pmem 1 covers every action kind', () => {
    const r = hpcheck('prove', '--kernel', 'v5.9', '--patch', '90c7eaeb14a3', '--nodes', '1', '--blocks', '2', '--dimms', '1', '--pmem', '1', '--max-states', '40');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/NOT PROVED: \d+ runs hit --max-states/);
    expect(r.stdout).not.toContain('never fired');
  });
});

describe('hpcheck layouts', () => {
  it('lists the classes with the layouts each stands for, and prints one as a layout file check accepts', () => {
    const list = hpcheck('layouts', '--nodes', '2', '--blocks', '2', '--dimms', '1', '--pmem', '0');
    expect(list.stdout.split('\n')[0]).toMatch(/^nodes <= 2, blocks <= 2, DIMMs <= 1, pmem <= 0: \d+ classes under node renaming \(\d+ layouts\)$/);
    expect(list.stdout).toMatch(/ c0_R0\.H1 +2\n/);
    const dir = mkdtempSync(join(tmpdir(), 'hpcheck-layouts-'));
    const file = join(dir, 'seed000.yaml');
    const shown = hpcheck('layouts', '--show', 'c0_R1.R2.B1.R2');
    writeFileSync(file, shown.stdout);
    const check = hpcheck('check', '--layout', file, '--kernel', 'v5.8', '--property', 'link-consistency', '--json');
    expect(json(check.stdout)).toMatchObject({ layout: 'c0_R1.R2.B1.R2', verdict: 'violation', states: 26 });
  });
});

describe('bad input: one line naming the flag, exit 2', () => {
  it.each([
    [['sweep', '--shard', '4/3'], '--shard 4/3: i must be between 1 and n'],
    [['sweep', '--resume'], '--resume: needs --out FILE'],
    [['prove', '--kernel', 'v5.8'], '--patch: required'],
    [['merge', '/nonexistent/a.jsonl'], '/nonexistent/a.jsonl: no such file'],
    [['layouts', '--show', 'c0_R2'], 'layout name c0_R2: every node 0..n-1 needs CPUs or memory'],
  ])('%j', (args, message) => {
    const r = hpcheck(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
