/** The memmap (struct page array) behind every pfn the kernel may touch. */
import { FUNCTIONS, ReadKind, codeFn, codeKind } from '../model/bugs.ts';
import { SubKind } from '../model/geometry.ts';
import { Memmap, ZONE_NAMES, Zone, type Kstate } from '../model/state.ts';
import type { Behaviour } from '../model/kernels/behaviour.ts';
import { blockOf, readKernel, subRange } from './helpers.ts';
import { firstProblem, type PropertyDef } from '../model/property.ts';

function badReadMessage(s: Kstate): string | null {
  if (s.badRead === 0) return null;
  const fn = FUNCTIONS[codeFn(s.badRead)]?.[0];
  const what = codeKind(s.badRead) === ReadKind.POISONED ? 'poisoned (never initialised)' : 'unmapped';
  const sub = s.badReadSub;
  const where = s.g.subKind[sub] === SubKind.Pmem ? 'device memory' : `memory${blockOf(s.g, sub)}`;
  return `${fn}() read the ${what} memmap of [mem ${subRange(s.g, sub)}] (${where}): page_to_nid()/page_zone() return garbage`;
}

function* memmapProblems(s: Kstate, kb: Behaviour): Generator<string | null> {
  yield badReadMessage(s);
  const k = readKernel(s, kb);
  for (let sub = 0; sub < s.g.nrSubs; sub++) {
    const m = s.memmap(sub);
    if (m === Memmap.ABSENT && k.pfn_valid(sub)) {
      yield `pfn_valid() is true for [mem ${subRange(s.g, sub)}] but its memmap is not mapped (section ${Math.floor(sub / s.g.subsPerSection)}): any pfn walker faults`;
    }
    if (m !== Memmap.ONLINE) continue;
    const nid = s.memmapNid(sub);
    const zone = s.memmapZone(sub);
    if (nid !== s.g.subNode[sub]) {
      yield `online pages of [mem ${subRange(s.g, sub)}] carry nid ${nid}, but the memory is on node${s.g.subNode[sub]}`;
    }
    if (zone !== Zone.NORMAL && zone !== Zone.MOVABLE) {
      yield `online pages of [mem ${subRange(s.g, sub)}] carry zone ${ZONE_NAMES[zone]}`;
    }
  }
  yield null;
}

export const memmapValid: PropertyDef = {
  name: 'memmap-valid',
  statement: 'Every pfn_valid() pfn has a mapped memmap; no kernel path reads a poisoned or absent memmap; online pages carry an initialised memmap with the right node and zone.',
  why: 'pfn_valid() promises a struct page (pfn walkers such as /proc/kpageflags and compaction rely on it); page_to_nid() and page_zone() read the page flags, which are 0xff.. (PF_POISONED_CHECK) until memmap_init_range() runs.',
  appliesWhen: 'always',
  check: (s, kb) => firstProblem(memmapProblems(s, kb)),
};
