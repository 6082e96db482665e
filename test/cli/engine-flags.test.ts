/** `check --exact` and `check --workers`: what a user sees, and that the results agree. */
import { describe, expect, it } from 'vitest';
import { hpcheck, hpcheckJson } from './run-cli.ts';

const comparable = (json: Record<string, any>) => ({
  verdict: json.verdict, states: json.states, transitions: json.transitions, depth: json.depth,
  violations: json.violations.map((v: any) => [v.property, v.message, v.trace.map((t: any) => t.action)]),
});

describe('hpcheck check engine flags', () => {
  it('fingerprint mode reports the collision estimate and bytes per state; --exact the collisions found', () => {
    const fast = hpcheckJson('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.9');
    expect(fast.status).toBe(0);
    expect(fast.json.storage.mode).toBe('fingerprint');
    expect(fast.json.storage.collisionProbability).toBeGreaterThan(0);
    expect(fast.json.storage.collisionProbability).toBeLessThan(1e-9);
    expect(fast.json.storage.collisions).toBeNull();
    expect(fast.json.storage.bytesPerState).toBeGreaterThan(0);
    const exact = hpcheckJson('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.9', '--exact');
    expect(exact.json.storage).toMatchObject({ mode: 'exact', collisionProbability: 0, collisions: 0 });
    expect(comparable(exact.json)).toEqual(comparable(fast.json));
  });

  it('--workers 2 gives the same verdict, counts and traces as one thread', () => {
    const one = hpcheckJson('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8');
    const two = hpcheckJson('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--workers', '2');
    expect(two.status).toBe(1);
    expect(comparable(two.json)).toEqual(comparable(one.json));
  });

  it('the story says how states were stored', () => {
    expect(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.9', '--exact').stdout)
      .toContain('exact: full states compared; no two states shared a fingerprint');
    expect(hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.9').stdout)
      .toMatch(/64-bit fingerprints: probability of a missed state \d\.\de-\d+/);
  });

  it.each([
    [['--workers', '0'], '--workers 0: must be a whole number from 1 to 64'],
    [['--workers', 'two'], '--workers two: must be a whole number from 1 to 64'],
    [['--workers', '2', '--exact'], '--exact: runs on one thread; drop --workers'],
  ])('%j: exit 2 with one line', (args, message) => {
    const r = hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.9', ...args);
    expect(r.status).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.includes('nodedir'));
    expect(lines).toEqual([`hpcheck: ${message}`]);
  });
});
