/**
 * The state vector against its decoded form (model/decode.ts), on random walks of enabled
 * actions over every built-in layout under several kernel profiles:
 *   - the same state always decodes to the same JSON;
 *   - distinct keys decode to distinct JSON: the reference explorer (explore/reference.ts)
 *     deduplicates states by that JSON, so it must be exactly as fine as `key()`;
 *   - no property check throws or changes the state it looks at.
 *
 * A walk is a list of choices: at each step the choice, modulo the number of enabled
 * actions, picks one of them in engine order. The random tests print their seed and path
 * when they fail; replay with
 * `FC_SEED=<seed> FC_PATH=<path> npx vitest run test/model/state-roundtrip.test.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { builtinLayoutNames, loadLayout } from '../../model/layout/load.ts';
import type { StateVector } from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';

const PROFILE_NAMES = ['v4.10', 'v5.3', 'v5.4', 'v5.8', 'v6.1'] as const;

interface Case { readonly name: string; readonly layout: string; readonly profile: string; readonly model: HotplugModel }

function buildCase(layout: string, profile: string): Case {
  const loaded = loadLayout(layout);
  if (!loaded.ok) throw new Error(loaded.error);
  const prof = findProfile(profile);
  if (!prof) throw new Error(`no profile ${profile}`);
  const model = new HotplugModel({ layout: loaded.layout, profile: prof, patches: [], properties: PROPERTIES });
  return { name: `${layout}@${profile}`, layout, profile, model };
}

const CASES: readonly Case[] = builtinLayoutNames().flatMap((l) => PROFILE_NAMES.map((p) => buildCase(l, p)));

interface Step { readonly action: string | null; readonly w: StateVector }

/** The states of a walk: the initial state, then one per choice until no action is enabled. */
function walk(model: HotplugModel, choices: readonly number[]): Step[] {
  let w = model.initialStates()[0]!;
  const steps: Step[] = [{ action: null, w }];
  for (const choice of choices) {
    if (model.isTerminal(w)) break;
    const s = model.view(w);
    const ids = model.actions.flatMap((a, id) => (a.enabled(s) ? [id] : []));
    if (ids.length === 0) break;
    const id = ids[choice % ids.length]!;
    const next = model.next(w, id);
    if (next === null) throw new Error(`${model.actionName(id)} is enabled but next() returned null`);
    w = next;
    steps.push({ action: model.actionName(id), w });
  }
  return steps;
}

const json = (model: HotplugModel, w: StateVector): string => JSON.stringify(model.toJSON(w));

/** fast-check parameters, replaying a failure when FC_SEED (and FC_PATH) are set. */
function replayParameters<T>(examples: T[] = []): fc.Parameters<T> {
  const seed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  return {
    numRuns: 300,
    examples,
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    ...(path === undefined ? {} : { path }),
  };
}

const caseNamed = (name: string): Case => CASES.find((c) => c.name === name)!;
/** Cases by name, so that a counterexample prints as `layout@profile`. */
const arbCase = fc.constantFrom(...CASES.map((c) => c.name));
/** Small choices favour the first enabled actions (add before remove, low blocks first); large ones spread out. */
const arbChoices = fc.array(fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 1000 })), { maxLength: 40 });
const label = (c: Case, steps: Step[]): string =>
  `${c.layout} on ${c.profile}: ${steps.slice(1).map((s) => s.action).join(' -> ')}`;

describe('decodeState on random walks of every built-in layout', () => {
  it('the walks cover every built-in layout under v4.10, v5.3, v5.4, v5.8 and v6.1', () => {
    expect(CASES.length).toBe(builtinLayoutNames().length * PROFILE_NAMES.length);
    expect(builtinLayoutNames().length).toBeGreaterThanOrEqual(6);
  });

  it('the same state always decodes to the same JSON, and decoding does not change it', () => {
    fc.assert(fc.property(arbCase, arbChoices, (name, choices) => {
      const c = caseNamed(name);
      const seenJson = new Map<string, string>();
      for (const step of walk(c.model, choices)) {
        const key = c.model.key(step.w);
        const first = json(c.model, step.w);
        expect(json(c.model, step.w.slice()), label(c, [step])).toBe(first);
        expect(c.model.key(step.w), 'toJSON() changed the state').toBe(key);
        const earlier = seenJson.get(key);
        if (earlier !== undefined) expect(first, `same key, other JSON in ${c.layout} on ${c.profile}`).toBe(earlier);
        seenJson.set(key, first);
      }
    }), replayParameters());
  });

  it('no property check throws or changes the state it checks', () => {
    fc.assert(fc.property(arbCase, arbChoices, (name, choices) => {
      const c = caseNamed(name);
      for (const step of walk(c.model, choices)) {
        const key = c.model.key(step.w);
        for (const p of c.model.properties) {
          const message = p.check(step.w);
          expect(message === null || typeof message === 'string', p.name).toBe(true);
          expect(c.model.key(step.w), `${p.name} changed the state`).toBe(key);
        }
      }
    }), replayParameters());
  });

  // Regression: a memmap word of a never-populated subsection was 0 (nid 0, zone 0) while
  // setMemmap(sub, Memmap.ABSENT) after section_deactivate() stored nid NUMA_NO_NODE, so one
  // state had two keys and the reference explorer (which deduplicates by JSON) counted fewer
  // states than search(). Kstate.setMemmap now stores absent and poisoned memmaps in one form.
  // The first example is that walk on memoryless-node-two-dimms under v5.8.
  it('distinct keys always decode to distinct JSON', () => {
    fc.assert(fc.property(arbCase, arbChoices, (name, choices) => {
      const c = caseNamed(name);
      const keyOf = new Map<string, string>();
      const steps = walk(c.model, choices);
      for (const step of steps) {
        const key = c.model.key(step.w);
        const j = json(c.model, step.w);
        const other = keyOf.get(j);
        if (other !== undefined) expect(other === key, `two keys decode alike: ${label(c, steps)}`).toBe(true);
        keyOf.set(j, key);
      }
    }), replayParameters<[string, number[]]>([['memoryless-node-two-dimms@v5.8', [0, 0, 0, 0, 0, 0, 0]]]));
  });
});

describe('regression: the state after add and remove of a never-onlined DIMM', () => {
  // Keys must be equal exactly when the decoded JSON is (see above).
  it('add_memory then remove_memory on v5.8: key equal to the booted state iff its JSON is', () => {
    const c = caseNamed('memoryless-node-two-dimms@v5.8');
    const steps = walk(c.model, [0, 0, 0, 0, 0, 0, 0]);
    expect(steps.slice(-3).map((s) => s.action))
      .toEqual(['kernel_init: system_state = SYSTEM_RUNNING', 'add_memory(dimm1)', 'remove_memory(dimm1)']);
    const booted = steps[steps.length - 3]!.w;
    const removed = steps[steps.length - 1]!.w;
    const sameKey = c.model.key(removed) === c.model.key(booted);
    expect(sameKey).toBe(json(c.model, removed) === json(c.model, booted));
  });
});
