/**
 * `hpcheck simulate`: the seed bugs found by random walks on big and random layouts, the
 * same output for the same seed, the saved trace replayed, and bad flags rejected in one line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulateFlags, type SimulateFlags } from '../../cli/commands/simulate.ts';
import { hpcheck, hpcheckJson } from './run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'hpcheck-simulate-'));
const actionsOf = (json: Record<string, any>): string[] => json.violations[0].trace.slice(1).map((t: { action: string }) => t.action);

describe('hpcheck simulate on the big ppc64 LPAR (seed 000)', () => {
  const args = ['simulate', '--layout', 'ppc64-lpar-dlpar', '--kernel', 'v5.8', '--property', 'link-consistency', '--seed', '1'];

  it('v5.8: a stale nodeM/memoryN link after offline and DLPAR remove of an LMB, at most 12 steps after boot; twice the same trace', () => {
    const a = hpcheckJson(...args);
    const b = hpcheckJson(...args);
    expect(a.status).toBe(1);
    expect(a.json).toMatchObject({ verdict: 'violation', layout: 'ppc64-lpar-dlpar', kernel: 'v5.8', seed: 1 });
    expect(a.json.violations[0].property).toBe('link-consistency');
    expect(a.json.violations[0].message).toMatch(/^node\d+\/memory\d+ links to a block that no longer exists$/);
    expect(a.json.stepsAfterBoot).toBeLessThanOrEqual(12);
    const after = actionsOf(a.json).slice(-a.json.stepsAfterBoot);
    expect(after.at(-1)).toMatch(/^remove_memory\(lmb\d+\)$/);
    expect(actionsOf(b.json)).toEqual(actionsOf(a.json));
    expect(b.json.path).toBe(a.json.path);
  });

  it('the human story, saved with --out, replays: still fails on v5.8, holds on v5.9 (f85086f95fa3)', () => {
    const file = join(tmp, 'ppc.itf.json');
    const r = hpcheck(...args, '--out', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^VIOLATION: link-consistency fails after \d+ steps \(\d+ after boot\)$/m);
    expect(r.stdout).toMatch(/^ {2}replay: npx hpcheck simulate --layout ppc64-lpar-dlpar --kernel v5\.8 --property link-consistency --out \S+ --seed 1 --path [0-9:]+$/m);
    expect(r.stderr).toMatch(/wrote .*ppc\.itf\.json \(link-consistency, \d+ steps, seed 1\)/);
    expect(hpcheck('replay', file).status).toBe(1);
    expect(hpcheck('replay', file, '--kernel', 'v5.9').status).toBe(0);
  });
});

describe('hpcheck simulate --layouts random (seed 001)', () => {
  it('v5.3, node-offline-safe, seed 7: shrinks to one memoryless node with two DIMMs besides the node with the CPUs', () => {
    const { status, json } = hpcheckJson('simulate', '--layouts', 'random', '--kernel', 'v5.3', '--property', 'node-offline-safe', '--seed', '7');
    expect(status).toBe(1);
    expect(json.violations[0].message).toMatch(/^node1 was set offline while memory\d+ still has nid 1/);
    const l = json.layoutFile;
    expect(l.nodes).toEqual([{ id: 0, cpus: true }, { id: 1, cpus: false }]);
    expect(l.boot.every((b: { node: number }) => b.node === 0)).toBe(true);
    expect(l.dimms.map((d: { node: number }) => d.node)).toEqual([1, 1]);
    expect(l.pmem).toEqual([]);
  });
});

describe('hpcheck simulate on a fixed kernel', () => {
  it('v6.1 on the memoryless CXL node: nothing in 200 walks is "bounded", exit 3, never "verified"', () => {
    const { status, json } = hpcheckJson('simulate', '--layout', 'cxl-memoryless', '--kernel', 'v6.1', '--runs', '200', '--seed', '3');
    expect(status).toBe(3);
    expect(json).toMatchObject({ verdict: 'bounded', walks: 200, summary: 'no violation in 200 walks of at most 50 chosen steps', violations: [] });
  });
});

describe('simulate flags', () => {
  const base: SimulateFlags = { layout: 'ppc-interleaved', kernel: 'v5.8', patch: [], property: [], color: false };
  const error = async (f: Partial<SimulateFlags>): Promise<string> => {
    const r = await parseSimulateFlags({ ...base, ...f });
    return r.ok ? '' : r.error;
  };
  it.each([
    [{ layouts: 'random' }, '--layout and --layouts: give one of them'],
    [{ layout: undefined, layouts: 'all' }, '--layouts all: the only value is "random"'],
    [{ maxNodes: '3' }, '--max-nodes: only with --layouts random'],
    [{ layout: undefined, layouts: 'random', maxNodes: '9' }, '--max-nodes 9: must be between 1 and 8'],
    [{ layout: undefined, layouts: 'random', maxDimms: 'x' }, '--max-dimms x: must be a whole number'],
    [{ layout: undefined }, '--layout: required (a built-in name or a YAML/JSON file), or --layouts random'],
    [{ runs: '0' }, '--runs 0: must be between 1 and 100000000'],
    [{ depth: '-1' }, '--depth -1: must be a whole number'],
    [{ seed: '1.5' }, '--seed 1.5: must be a whole number from -2147483648 to 2147483647'],
    [{ seed: '1', path: 'a:b' }, "--path a:b: must be fast-check's replay path, numbers joined by colons (e.g. 5:37:35)"],
    [{ path: '3:1' }, '--path: needs the --seed it was found with'],
    [{ kernel: 'v9.9' }, /^--kernel v9\.9: unknown kernel/],
    [{ out: '/no/such/dir/t.itf.json' }, '--out /no/such/dir/t.itf.json: no such directory /no/such/dir'],
  ] as const)('%o: %s', async (f, message) => {
    const got = await error(f as Partial<SimulateFlags>);
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  it('a bad flag on the command line: one line on stderr, exit 2', () => {
    const r = hpcheck('simulate', '--layouts', 'random', '--kernel', 'v5.3', '--max-blocks', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('hpcheck: --max-blocks 0: must be between 1 and 256\n');
    expect(r.stdout).toBe('');
  });
});
