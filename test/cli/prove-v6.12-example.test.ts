/**
 * docs/prove-v6.12.md stays true: the worked example's patches load, the final one verifies on
 * the layout with a firmware hole at the start of a block, the flawed draft violates
 * single-node-per-block there, and `prove` of the final patch on v6.12 over small bounds
 * introduces nothing. (The documented run at --nodes 2 --blocks 3 takes about a minute;
 * this one uses smaller bounds.)
 */
import { describe, expect, it } from 'vitest';
import { hpcheck, hpcheckJson } from './run-cli.ts';

const LAYOUT = 'docs/examples/block-starts-with-a-hole.yaml';
const GOOD = './examples/patches/register-blocks-by-memblock.ts';
const DRAFT = './examples/patches/register-blocks-by-memblock-start.ts';

describe('docs/prove-v6.12.md', () => {
  it('the final patch holds every property on the hole-first layout under v6.12 (exit 0)', () => {
    const { status, json } = hpcheckJson('check', '--layout', LAYOUT, '--kernel', 'v6.12', '--patch', GOOD, '--json');
    expect(status).toBe(0);
    expect(json['verdict']).toBe('verified');
  });

  it('the flawed draft leaves memory1 unlinked: single-node-per-block in 5 steps (exit 1)', () => {
    const { status, json } = hpcheckJson('check', '--layout', LAYOUT, '--kernel', 'v6.12', '--patch', DRAFT, '--json');
    expect(status).toBe(1);
    const v = (json['violations'] as { property: string; message: string; trace: unknown[] }[])[0]!;
    expect(v.property).toBe('single-node-per-block');
    expect(v.message).toBe('memory1 holds memory of node1 only, but is linked to no node');
    expect(v.trace).toHaveLength(6);
  });

  it('prove of the final patch on v6.12 at --nodes 2 --blocks 2 is proved within bounds (exit 0)', () => {
    const r = hpcheck('prove', '--kernel', 'v6.12', '--patch', GOOD, '--nodes', '2', '--blocks', '2', '--jobs', '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('PROVED WITHIN BOUNDS');
  }, 120_000);
});
