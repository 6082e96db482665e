/**
 * The flags of `sweep`, `prove` and `layouts`: each bad value is one line naming the flag.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BOUNDS, makeConfig, parseBounds, parseJobs, parseKernels, parsePatches, parseProperties, parseShard, parseSweepMaxStates,
  patchIdentity,
} from '../../cli/options/sweep-options.ts';
import { headerMismatch, type SweepHeader } from '../../sweep/results.ts';
import type { RunConfig } from '../../sweep/run.ts';

const error = (message: string) => ({ ok: false, error: expect.stringContaining(message) });

describe('sweep options', () => {
  it('bounds default to 2 nodes, 3 blocks, 2 DIMMs, no pmem, and are checked one flag at a time', () => {
    expect(parseBounds({})).toEqual({ ok: true, value: DEFAULT_BOUNDS });
    expect(DEFAULT_BOUNDS).toEqual({ nodes: 2, blocks: 3, dimms: 2, pmem: 0 });
    expect(parseBounds({ nodes: '0' })).toEqual(error('--nodes 0: must be between 1 and 8'));
    expect(parseBounds({ blocks: 'three' })).toEqual(error('--blocks three: must be a whole number'));
    expect(parseBounds({ pmem: '9' })).toEqual(error('--pmem 9: must be between 0 and 8'));
    expect(parseBounds({ nodes: '4', blocks: '8' })).toEqual(error('--blocks 8: with --nodes 4 --dimms 2 --pmem 0 that is up to'));
  });

  it('--kernel is repeatable, all (or none given) means every profile, and an unknown one is named', () => {
    expect(parseKernels(['v5.8', '5.9', 'v5.8'])).toEqual({ ok: true, value: ['v5.8', 'v5.9'] });
    expect(parseKernels([])).toMatchObject({ ok: true, value: expect.arrayContaining(['v4.10', 'v6.1']) });
    expect(parseKernels(['all'])).toEqual(parseKernels([]));
    expect(parseKernels(['v9.9'])).toEqual(error('--kernel v9.9: unknown kernel'));
  });

  it('--shard i/n needs 1 <= i <= n', () => {
    expect(parseShard('2/3')).toEqual({ ok: true, value: { index: 2, count: 3 } });
    expect(parseShard(undefined)).toEqual({ ok: true, value: null });
    expect(parseShard('two')).toEqual(error('--shard two: expected i/n, e.g. 2/3'));
    expect(parseShard('0/3')).toEqual(error('--shard 0/3: i must be between 1 and n'));
  });

  it('--max-states defaults to 2,000,000 per run and takes none', () => {
    expect(parseSweepMaxStates(undefined)).toEqual({ ok: true, value: 2_000_000 });
    expect(parseSweepMaxStates('none')).toEqual({ ok: true, value: null });
    expect(parseSweepMaxStates('0')).toEqual(error('--max-states 0: must be a positive whole number, or none'));
  });

  it('--jobs, --property and --patch are checked before anything runs', async () => {
    expect(parseJobs('0')).toEqual(error('--jobs 0: must be between 1 and 64'));
    expect(parseProperties(['memmap-valid'])).toEqual({ ok: true, value: ['memmap-valid'] });
    expect(parseProperties(['nope'])).toEqual(error('--property nope: unknown property'));
    expect(await parsePatches(['nope'])).toEqual(error('--patch nope: unknown patch'));
    // A user patch is loaded only in the sandboxed child (run/sandbox/), never here.
    await expect(parsePatches(['./examples/patches/try-offline-node-linked.ts'])).rejects.toThrow(/outside the sandbox/);
  });
});

describe('a user patch in a sweep is named by its content, not its path', () => {
  const example = './examples/patches/try-offline-node-linked.ts';
  const header = (configs: RunConfig[]): SweepHeader => ({
    type: 'sweep', tool: 'hpcheck', version: '0', bounds: { nodes: 1, blocks: 2, dimms: 1, pmem: 0 }, configs,
    properties: [], maxStates: null, shard: null, classes: 1, layouts: 1,
  });

  it('the same file in two checkouts gives one label; changed text gives another', () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'hpcheck-a-')), mkdtempSync(join(tmpdir(), 'hpcheck-b-'))];
    const [a, b] = dirs.map((d) => join(d, 'fix.ts'));
    copyFileSync(example, a!);
    copyFileSync(example, b!);
    const ca = makeConfig('v5.3', [a!]);
    const cb = makeConfig('v5.3', [b!]);
    expect(ca.label).toMatch(/^v5\.3\+fix\.ts@[0-9a-f]{12}$/);
    expect(cb.label).toBe(ca.label);
    expect(ca.patches).toEqual([a]);
    expect(headerMismatch(header([ca]), header([cb]), false)).toBeNull();

    writeFileSync(b!, `${readFileSync(b!, 'utf8')}\n// changed\n`);
    const changed = makeConfig('v5.3', [b!]);
    expect(changed.label).not.toBe(ca.label);
    expect(headerMismatch(header([ca]), header([changed]), false)).toMatch(/^configs differs/);
  });

  it('a named patch keeps its name', () => {
    expect(patchIdentity('2c91f8fc6c99')).toBe('2c91f8fc6c99');
    expect(makeConfig('v5.3', ['2c91f8fc6c99']).label).toBe('v5.3+2c91f8fc6c99');
  });
});

