/**
 * A readable form of a state, in sysfs and kernel words, for JSON output, traces and the
 * reference explorer. Every field of the state vector appears, so distinct states decode
 * to distinct objects.
 */
import { FUNCTIONS, codeFn, codeKind } from './bugs.ts';
import { subAddr, type Geometry } from './geometry.ts';
import { ERRNO_NAMES } from './kernel.ts';
import { unpackZones, validZonesText } from './memory.ts';
import {
  BLOCK_STATE_NAMES, BlockState, MEMMAP_NAMES, SYSTEM_STATE_NAMES, maskBits, NUMA_NO_NODE, SECTION_HAS_MEM_MAP, SECTION_IS_EARLY, SECTION_IS_ONLINE,
  SECTION_MARKED_PRESENT, SECTION_USAGE, ZONE_NAMES, type Kstate, type Span, spanEmpty,
} from './state.ts';
import { formatRange } from './layout/sizes.ts';
import type { Behaviour } from './kernels/behaviour.ts';
import { nrVmemmapPages } from './memmap_on_memory.ts';

const BUG_KINDS = ['', 'BUG_ON', 'NULL pointer dereference', 'page fault', 'VM_BUG_ON_PGFLAGS', 'NODE_DATA(NUMA_NO_NODE)'];
const READ_KINDS = ['', 'poisoned', 'unmapped'];

/** Subsections [start, end) as the kernel log prints a range: 0x10000000-0x1fffffff. */
export function rangeText(g: Geometry, start: number, end: number): string {
  return formatRange({ start: subAddr(g, start), end: subAddr(g, end) });
}

export function spanText(g: Geometry, s: Span): string {
  return spanEmpty(s) ? 'empty' : rangeText(g, s.start, s.end);
}

const mask = (m: number): string[] => maskBits(m).map((i) => `node${i}`);

function sectionFlags(f: number): string[] {
  const names: [number, string][] = [
    [SECTION_MARKED_PRESENT, 'PRESENT'], [SECTION_HAS_MEM_MAP, 'HAS_MEM_MAP'], [SECTION_IS_ONLINE, 'IS_ONLINE'],
    [SECTION_IS_EARLY, 'IS_EARLY'], [SECTION_USAGE, 'USAGE'],
  ];
  return names.filter(([bit]) => f & bit).map(([, n]) => n);
}

function decodeNodes(s: Kstate): Record<string, unknown> {
  const g = s.g;
  return Object.fromEntries(g.nodeIds.map((nid) => [`node${nid}`, {
    online: s.nodeOnline(nid),
    registered: s.nodeRegistered(nid),
    has_memory: s.nodeHasMemory(nid),
    span: spanText(g, s.nodeSpan(nid)),
    zones: { Normal: spanText(g, s.zoneSpan(nid, 1)), Movable: spanText(g, s.zoneSpan(nid, 2)), Device: spanText(g, s.zoneSpan(nid, 3)) },
  }]));
}

function decodeSections(s: Kstate): unknown[] {
  const g = s.g;
  return Array.from({ length: g.nrSections }, (_, sec) => {
    const memmap = Array.from({ length: g.subsPerSection }, (_, i) => {
      const sub = sec * g.subsPerSection + i;
      const m = s.memmap(sub);
      return m <= 1 ? MEMMAP_NAMES[m] : `${MEMMAP_NAMES[m]}(node${s.memmapNid(sub)},${ZONE_NAMES[s.memmapZone(sub)]})`;
    });
    const nid = s.sectionNid(sec);
    const map = s.subsectionMap(sec).toString(2).padStart(g.subsPerSection, '0').split('').reverse().join('');
    return { section: sec, flags: sectionFlags(s.sectionFlags(sec)), nid: nid === NUMA_NO_NODE ? null : nid, subsection_map: map, memmap };
  });
}

function decodeBlocks(s: Kstate, kb?: Behaviour): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let b = 0; b < s.g.nrBlocks; b++) {
    const state = s.blockState(b);
    const nodeLinks = mask(s.nodeToMemLinks(b)).map((n) => `${n}/memory${b}`);
    if (state === BlockState.ABSENT && nodeLinks.length === 0 && s.memToNodeLinks(b) === 0) continue;
    const nid = s.blockNid(b);
    out[`memory${b}`] = {
      state: BLOCK_STATE_NAMES[state],
      nid: nid === NUMA_NO_NODE ? 'NUMA_NO_NODE' : nid,
      zone: ZONE_NAMES[s.blockZone(b)],
      links: mask(s.memToNodeLinks(b)),
      node_links: nodeLinks,
      ...vmemmap(s, kb, b),
    };
  }
  return out;
}

function decodeEvents(s: Kstate): Record<string, unknown> {
  const g = s.g;
  const bug = s.bug === 0 ? null
    : { kind: BUG_KINDS[codeKind(s.bug)], function: FUNCTIONS[codeFn(s.bug)]?.[0], arg: s.bugArg };
  const read = s.badRead === 0 ? null
    : { memmap: READ_KINDS[codeKind(s.badRead)], function: FUNCTIONS[codeFn(s.badRead)]?.[0], pfn_range: rangeText(g, s.badReadSub, s.badReadSub + 1) };
  const zc = s.zonesChangedBlock;
  const zones = zc < 0 ? null
    : { block: `memory${zc}`, before: validZonesText(unpackZones(s.zonesChangedArg & 0xff)), after: validZonesText(unpackZones(s.zonesChangedArg >> 8)) };
  return { bug, bad_memmap_read: read, valid_zones_changed_by_add: zones };
}

/** nr_vmemmap_pages of a block that hosts its own memmap (model/memmap_on_memory.ts); nothing otherwise. */
function vmemmap(s: Kstate, kb: Behaviour | undefined, b: number): { nr_vmemmap_pages?: number } {
  const n = kb === undefined ? 0 : nrVmemmapPages(s.g, kb, b);
  return n === 0 ? {} : { nr_vmemmap_pages: n };
}

/** decodeState() - the state in sysfs words; `kb` adds what depends on the release (nr_vmemmap_pages). */
export function decodeState(s: Kstate, kb?: Behaviour): Record<string, unknown> {
  const g = s.g;
  return {
    system_state: SYSTEM_STATE_NAMES[s.systemState],
    boot_step: s.bootPc,
    errno: ERRNO_NAMES[s.errno] ?? `errno ${s.errno}`,
    ...decodeEvents(s),
    nodes: decodeNodes(s),
    blocks: decodeBlocks(s, kb),
    dimms: Object.fromEntries(g.layout.dimms.map((d, i) => [d.name, s.dimmAdded(i) ? 'added' : 'not added'])),
    pmem: Object.fromEntries(g.layout.pmem.map((p, i) => [p.name, s.pmemMapped(i) ? 'mapped' : 'not mapped'])),
    sections: decodeSections(s),
  };
}
