/**
 * `hpcheck shrink`: a 30-step random walk that violates a property comes back no longer than
 * the breadth-first shortest counterexample plus 2 steps, still failing the same property;
 * parts of the layout that play no role are dropped.
 *
 * The walks are random: each test name carries its seed, and HPCHECK_SEED replaces it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { loadLayout } from '../../model/layout/load.ts';
import { findProperty } from '../../properties/index.ts';
import { toItf, writeItf } from '../../run/itf.ts';
import { ddmin, dropPairs } from '../../run/shrink.ts';
import { violatingWalk } from '../support/random-walk.ts';
import { ROOT, hpcheck } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-shrink-'));
const SEED = Number(process.env.HPCHECK_SEED ?? 20260421);
const WALK = 30;

function modelFor(layout: string, kernel: string, property: string): HotplugModel {
  const l = loadLayout(layout);
  if (!l.ok) throw new Error(l.error);
  return new HotplugModel({ layout: l.layout, profile: findProfile(kernel)!, patches: [], properties: [findProperty(property)!] });
}

/** Writes a violating walk as a trace file, as `simulate` would; returns its path and the walk's seed. */
function walkFile(m: HotplugModel, property: string, name: string): { file: string; seed: number } {
  const w = violatingWalk(m, property, WALK, SEED);
  const file = join(dir, `${name}.itf.json`);
  writeItf(file, toItf(m, property, w.message, w.trace, { origin: 'walk', seed: w.seed, patchArgs: [] }));
  return { file, seed: w.seed };
}

describe(`hpcheck shrink of a ${WALK}-step random walk (seed ${SEED})`, () => {
  it.each([
    ['ppc-interleaved', 'v5.8', 'link-consistency'],
    ['ppc-interleaved', 'v5.8', 'no-kernel-bug'],
    ['memoryless-node-two-dimms', 'v5.3', 'node-offline-safe'],
    ['udev-online-movable', 'v4.10', 'zones-consistent'],
    ['pmem-early-section', 'v5.8', 'memmap-valid'],
  ])('%s on %s, %s: at most the BFS shortest + 2 steps, and replay still fails', (layout, kernel, property) => {
    const m = modelFor(layout, kernel, property);
    const shortest = search(m, m.properties, {}).violations[0]!.trace.length - 1;
    const { file, seed } = walkFile(m, property, `${layout}.${property}`);
    const out = join(dir, `${layout}.${property}.min.itf.json`);
    const r = hpcheck('shrink', file, '--out', out, '--no-color');
    expect(r.status, `seed ${seed}: ${r.stderr}`).toBe(1);
    const t = JSON.parse(readFileSync(out, 'utf8'));
    expect(t['#meta']).toMatchObject({ property, kernel, origin: 'shrink' });
    expect(t['#meta'].actions.length, `seed ${seed}: ${t['#meta'].actions.join(', ')}`).toBeLessThanOrEqual(shortest + 2);
    expect(r.stdout).toContain(`${property} on kernel ${kernel}: ${WALK} -> ${t['#meta'].actions.length} steps`);
    expect(hpcheck('replay', out).status).toBe(1);
  });

  it('parts of the layout that play no role go: node3 with its DIMM, and the pmem range', () => {
    const layout = join(ROOT, 'test/fixtures/layouts/ppc-interleaved-extra.yaml');
    const m = modelFor(layout, 'v5.8', 'link-consistency');
    const { file, seed } = walkFile(m, 'link-consistency', 'extra');
    const r = hpcheck('shrink', file, '--json');
    expect(r.status, `seed ${seed}`).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.dropped).toEqual(expect.arrayContaining(['node3 with its memory', 'pmem pmem0']));
    const t = JSON.parse(readFileSync(j.out, 'utf8'));
    expect(t['#meta'].layout.nodes.map((n: { id: number }) => n.id)).toEqual([0, 1, 2]);
    expect(t['#meta'].layout.dimms.map((d: { name: string }) => d.name)).toEqual(['lmb2']);
    expect(t['#meta'].layout.pmem).toEqual([]);
    expect(t['#meta'].actions.slice(-2)).toEqual(['offline_pages(memory2)', 'remove_memory(lmb2)']);
    expect(hpcheck('replay', j.out).status).toBe(1);
  });

  it('a trace that no longer fails (replayed on the fixed kernel file): exit 0, nothing written', () => {
    const fixed = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/ppc-interleaved.v5.8.link-consistency.itf.json'), 'utf8'));
    fixed['#meta'].kernel = 'v5.9';
    const file = join(dir, 'fixed.itf.json');
    writeItf(file, fixed);
    const r = hpcheck('shrink', file);
    expect(r.stdout).toContain('link-consistency holds at every step of the trace on kernel v5.9: nothing to shrink');
    expect(r.status).toBe(0);
  });
});

describe('ddmin and dropPairs', () => {
  const failsWith = (needed: number[]) => (c: number[]) => (needed.every((x) => c.includes(x)) ? c : null);

  it('ddmin keeps exactly the elements the failure needs', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    expect(ddmin(items, failsWith([3, 17, 29]))).toEqual([3, 17, 29]);
  });

  it('dropPairs removes two elements that only go together (an add and its remove)', () => {
    // Fails when 5 is present and 1 and 2 are both present or both absent.
    const test = (c: number[]) => (c.includes(5) && c.includes(1) === c.includes(2) ? c : null);
    const once = ddmin([1, 5, 2], test);
    expect(once).toEqual([1, 5, 2]);
    expect(dropPairs(once, test)).toEqual([5]);
  });
});
