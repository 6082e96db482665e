/**
 * Regression (issue 14): properties never write the state searched. zones-consistent calls
 * the version's valid_zones logic (zone_policy.validZones) on each offline block; a user
 * patch may replace that logic with code that writes through `k.s`. The properties run on a
 * scratch copy, so such a patch changes nothing in the search: the layout has no DIMM, so
 * valid_zones is called only from the property, never from an action.
 */
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import type { Patch } from '../../model/kernels/behaviour.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { parseLayout } from '../../model/layout/parse.ts';
import { NUMA_NO_NODE } from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';

const LAYOUT = `
name: two-boot-blocks
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes: [{ id: 0, cpus: true }]
boot: [{ node: 0, range: 0x00000000-0x1fffffff }]
`;

function model(patches: readonly Patch[]): HotplugModel {
  const parsed = parseLayout(LAYOUT, 'inline layout');
  if (!parsed.ok) throw new Error(parsed.error);
  return new HotplugModel({ layout: parsed.layout, profile: findProfile('v6.1')!, patches, properties: PROPERTIES });
}

const base = findProfile('v6.1')!.behaviour.zone_policy;
/** valid_zones that, as a side effect, scribbles over mem->nid once it has its answer. */
const writing: Patch = {
  name: 'valid-zones-writes',
  description: 'a user valid_zones that writes the state it reads',
  overrides: {
    zone_policy: {
      ...base,
      validZones: (k, b) => {
        const zones = base.validZones(k, b);
        k.s.setBlockNid(b, NUMA_NO_NODE);
        return zones;
      },
    },
  },
};

describe('properties run on a scratch copy', () => {
  it('a user patch whose valid_zones writes the state leaves the search as it was', () => {
    const plain = search(model([]), model([]).properties);
    const m = model([writing]);
    const patched = search(m, m.properties);
    expect(plain.states).toBeGreaterThan(10); // offline_pages(memory1) makes offline blocks to check
    expect({ verdict: patched.verdict, states: patched.states, transitions: patched.transitions, depth: patched.depth })
      .toEqual({ verdict: plain.verdict, states: plain.states, transitions: plain.transitions, depth: plain.depth });
  });

  it('checking zones-consistent on a state with an offline block leaves its words as they were', () => {
    const m = model([writing]);
    let w = m.initialStates()[0]!;
    const path = [...m.actions.filter((a) => a.kind === 'boot').map((a) => a.name), 'offline_pages(memory1)'];
    for (const name of path) {
      const next = m.next(w, m.actions.findIndex((a) => a.name === name));
      if (next === null) throw new Error(`${name} is not enabled`);
      w = next;
    }
    const before = w.slice();
    const zones = m.properties.find((p) => p.name === 'zones-consistent')!;
    zones.check(w);
    expect(w).toEqual(before);
  });
});
