/** Zones as userspace sees them through valid_zones, and the spans that must cover them. */
import { unpackZones, show_valid_zones, validZonesText } from '../model/memory.ts';
import type { Behaviour, OnlineType } from '../model/kernels/behaviour.ts';
import { BlockState, Memmap, ZONE_NAMES, Zone, type Kstate, type Span } from '../model/state.ts';
import { spanText } from '../model/decode.ts';
import { blockOf, readKernel, subRange, withScratch } from './helpers.ts';
import { firstProblem, type PropertyDef } from '../model/property.ts';

const TYPE_FOR_ZONE: Partial<Record<Zone, OnlineType>> = { [Zone.NORMAL]: 'online_kernel', [Zone.MOVABLE]: 'online_movable' };
const covers = (span: Span, sub: number): boolean => span.start <= sub && sub < span.end;

function* offeredZoneProblems(s: Kstate, kb: Behaviour): Generator<string | null> {
  for (let b = 0; b < s.g.nrBlocks; b++) {
    if (s.blockState(b) !== BlockState.MEM_OFFLINE) continue;
    const offered = show_valid_zones(readKernel(s, kb), b);
    for (const zone of offered) {
      const type = TYPE_FOR_ZONE[zone];
      if (!type) continue;
      const got = withScratch(s, kb, (k) => kb.zone_policy.zoneForOnline(k, b, type));
      if (got !== zone) {
        yield `memory${b}/valid_zones offers ${ZONE_NAMES[zone]}, but "echo ${type} > memory${b}/state" ${got === null ? 'fails with -EINVAL' : `onlines it to ${ZONE_NAMES[got]}`}`;
      }
    }
  }
}

function* spanProblems(s: Kstate): Generator<string | null> {
  for (let sub = 0; sub < s.g.nrSubs; sub++) {
    if (s.memmap(sub) !== Memmap.ONLINE) continue;
    const nid = s.memmapNid(sub);
    const zone = s.memmapZone(sub);
    const zs = s.zoneSpan(nid, zone);
    if (!covers(zs, sub)) yield `online memory${blockOf(s.g, sub)} [mem ${subRange(s.g, sub)}] is in node${nid} ${ZONE_NAMES[zone]}, whose span is ${spanText(s.g, zs)}`;
    else if (!covers(s.nodeSpan(nid), sub)) yield `online memory${blockOf(s.g, sub)} [mem ${subRange(s.g, sub)}] lies outside the node${nid} span ${spanText(s.g, s.nodeSpan(nid))}`;
  }
}

function* zoneProblems(s: Kstate, kb: Behaviour): Generator<string | null> {
  if (s.zonesChangedBlock >= 0) {
    const before = validZonesText(unpackZones(s.zonesChangedArg & 0xff));
    const after = validZonesText(unpackZones(s.zonesChangedArg >> 8));
    yield `adding memory changed memory${s.zonesChangedBlock}/valid_zones from "${before}" to "${after}"`;
  }
  yield* offeredZoneProblems(s, kb);
  yield* spanProblems(s);
  yield null;
}

export const zonesConsistent: PropertyDef = {
  name: 'zones-consistent',
  statement: 'Every zone valid_zones offers can be used to online the block at that moment; adding memory never changes the valid_zones of another offline block; zone and node spans cover the online memory.',
  why: 'udev rules online each block as it appears, using valid_zones; zone_spans_pfn(), the page allocator and compaction assume every online page lies in its zone span.',
  appliesWhen: 'always; valid_zones is checked for offline blocks',
  check: (s, kb) => firstProblem(zoneProblems(s, kb)),
};
