/**
 * The flags of `sweep`, `prove` and `layouts`: each bad value is one line naming the flag.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BOUNDS, parseBounds, parseJobs, parseKernels, parsePatches, parseProperties, parseShard, parseSweepMaxStates,
} from '../../cli/sweep-options.ts';

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
    const user = await parsePatches(['./examples/patches/try-offline-node-linked.ts']);
    expect(user).toMatchObject({ ok: true, value: [expect.stringMatching(/^\/.*examples\/patches\/try-offline-node-linked\.ts$/)] });
  });
});
