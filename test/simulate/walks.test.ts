/**
 * Random walks over the hotplug model, as `simulate` takes them, against the exhaustive
 * engine and the state encoding:
 *   - on small layouts, every state a walk reaches is in the breadth-first reachable set;
 *   - every state of a walk on the big layouts survives packing to the engine's bit widths
 *     (wordBits) and back, and its key;
 *   - fingerprints computed step by step through the journal equal the whole-state ones,
 *     and another process computes the same fingerprints for the same walk;
 *   - a shrunk counterexample always replays from its ITF file and fails at its last step.
 *
 * Random tests print their seed and path when they fail; replay with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/simulate/walks.test.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keySearch, type Model } from '../../explore/index.ts';
import { fingerprint } from '../../explore/fingerprint.ts';
import { Journal } from '../../explore/journal.ts';
import { PackedLayout } from '../../explore/packed.ts';
import { walk, walkTrace } from '../../explore/simulate.ts';
import { createModel } from '../../run/model-factory.ts';
import { resolveKernel } from '../../run/resolve.ts';
import { readItf } from '../../run/itf.ts';
import { replayPath } from '../../run/replay-path.ts';
import { loadSavedRun, runModel } from '../../run/saved-run.ts';
import { runSimulation, type SimulateRun } from '../../run/simulate.ts';
import { writeSimulationTrace } from '../../cli/report/simulate-report.ts';
import type { HotplugModel } from '../../model/hotplug-model.ts';
import { bigLayoutNames, loadLayout } from '../../model/layout/load.ts';
import type { StateVector } from '../../model/state.ts';
import { ROOT } from '../cli/run-cli.ts';
import { walkFingerprints } from '../support/walk-fingerprints.ts';

function params<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  return { numRuns, ...(seed === undefined ? {} : { seed: Number(seed) }), ...(path === undefined ? {} : { path }) };
}

async function model(layout: string, kernel: string, properties: string[] = []): Promise<HotplugModel> {
  const l = loadLayout(layout);
  if (!l.ok) throw new Error(l.error);
  return createModel({ layout: l.layout, kernel, patches: [], properties });
}

/** Every state breadth-first search reaches, by key: the engine's own search, watched through next(). */
function reachableKeys(m: HotplugModel): Set<string> {
  const keys = new Set<string>(m.initialStates().map((w) => m.key(w)));
  const watched: Model<StateVector> = {
    initialStates: () => m.initialStates(),
    actionCount: m.actionCount,
    actionName: (id) => m.actionName(id),
    next: (w, id) => {
      const n = m.next(w, id);
      if (n !== null) keys.add(m.key(n));
      return n;
    },
    isTerminal: (w) => m.isTerminal(w),
    key: (w) => m.key(w),
    toJSON: (w) => m.toJSON(w),
    properties: [],
  };
  const r = keySearch(watched, [], {});
  expect(r.states).toBe(keys.size);
  return keys;
}

const choices = fc.array(fc.nat(), { maxLength: 40 });

describe('random walks against breadth-first search', () => {
  const SMALL = [
    ['ppc-interleaved', 'v5.8'], ['ppc-interleaved', 'v5.9'], ['memoryless-node-two-dimms', 'v5.10'],
    ['acpi-early-hotadd', 'v5.8'], ['udev-online-movable', 'v4.10'], ['pmem-early-section', 'v5.8'],
  ] as const;
  it.each(SMALL)('%s on %s: every state a walk reaches is in the reachable set', async (layout, kernel) => {
    const m = await model(layout, kernel);
    const reachable = reachableKeys(m);
    fc.assert(fc.property(choices, (cs) => {
      for (const t of walkTrace(m, walk(m, [], cs).actions)) expect(reachable.has(m.key(t.state))).toBe(true);
    }), params(150));
  });
});

describe('the big layouts fit the state encoding', () => {
  const cases = bigLayoutNames().flatMap((l) => ['v5.8', 'v6.1'].map((k) => [l, k] as const));
  it('there are at least three big layouts', () => expect(bigLayoutNames().length).toBeGreaterThanOrEqual(3));
  it.each(cases)('%s on %s: every walk state packs to wordBits and back, and its key gives it back', async (layout, kernel) => {
    const m = await model(layout, kernel);
    const packed = new PackedLayout(m.wordBits);
    const cell = new Uint32Array(packed.cells);
    const back = new Uint16Array(m.wordBits.length);
    fc.assert(fc.property(choices, (cs) => {
      for (const { state } of walkTrace(m, walk(m, [], cs).actions)) {
        packed.pack(state, cell, 0);
        packed.unpack(cell, 0, back);
        expect(back).toEqual(state);
        expect(Uint16Array.from(m.key(state), (ch) => ch.charCodeAt(0))).toEqual(state);
      }
    }), params(25));
  });
});

describe('fingerprints', () => {
  it('ppc64-lpar-dlpar on v5.8: the journal-delta fingerprint of each step equals the whole-state one', async () => {
    const m = await model('ppc64-lpar-dlpar', 'v5.8');
    fc.assert(fc.property(choices, (cs) => {
      const actions = walk(m, [], cs).actions;
      const w = m.initialStates()[0]!.slice();
      const journal = new Journal();
      const stepper = m.stepper(w, journal);
      let [hi, lo] = fingerprint(w);
      for (const id of actions) {
        stepper.loaded();
        expect(stepper.apply(id)).toBe(true);
        hi = (hi ^ journal.deltaHi) >>> 0;
        lo = (lo ^ journal.deltaLo) >>> 0;
        journal.clear();
        expect([hi, lo]).toEqual(fingerprint(w));
      }
    }), params(30));
  });

  it('x86-2s-acpi-dimms on v6.1: another process computes the same walk and the same fingerprints', async () => {
    const m = await model('x86-2s-acpi-dimms', 'v6.1');
    const here = walkFingerprints(m, 11);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/walk-fingerprints.ts', 'x86-2s-acpi-dimms', 'v6.1', '11'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(here);
    expect(here.actions.length).toBeGreaterThan(10);
    expect(new Set(here.fingerprints).size).toBeGreaterThan(5);
  });
});

describe('shrinking never returns a trace that fails to replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpcheck-sim-'));
  const CASES = [
    { layout: 'ppc-interleaved', kernel: 'v5.8', property: 'link-consistency' },
    { layout: 'memoryless-node-two-dimms', kernel: 'v5.3', property: 'node-offline-safe' },
    { layout: 'random', kernel: 'v5.3', property: 'node-offline-safe' },
    { layout: 'random', kernel: 'v4.10', property: 'zones-consistent' },
  ] as const;
  it.each(CASES)('$layout on $kernel, $property: the ITF trace of every counterexample replays and fails at its last step', async (c) => {
    const cfg = await resolveKernel({ kernel: c.kernel, property: [c.property] });
    if (!cfg.ok) throw new Error(cfg.error);
    const layout: SimulateRun['layout'] = c.layout === 'random' ? { random: { nodes: 3, blocks: 4, dimms: 2, pmem: 1 } } : (await model(c.layout, c.kernel)).config.layout;
    let found = 0;
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
      const run: SimulateRun = { config: cfg.value, patchArgs: [], layout, runs: 300, depth: 30, seed };
      const outcome = runSimulation(run);
      if (outcome.shrunk === null) return;
      found++;
      const file = join(dir, `${c.layout}-${c.kernel}-${seed}.itf.json`);
      writeSimulationTrace(run, outcome, file);
      const t = readItf(file);
      if (!t.ok) throw new Error(t.error);
      const saved = await loadSavedRun(file, t.value, {});
      if (!saved.ok) throw new Error(saved.error);
      const r = replayPath(runModel(saved.value), c.property, saved.value.actions);
      expect(r.kind).toBe('violated');
      expect(r.kind === 'violated' && r.step).toBe(saved.value.actions.length);
      expect(t.value['#meta']).toMatchObject({ seed, origin: 'simulate', property: c.property });
    }), params(6));
    expect(found).toBeGreaterThan(0);
  });
});
