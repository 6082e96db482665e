/**
 * What an action changed, in sysfs terms: links and devices that appeared or went, block
 * and node states, spans, and memmap where it matters.
 */
import { rangeText, spanText } from '../model/decode.ts';
import {
  BLOCK_STATE_NAMES, BlockState, MEMMAP_NAMES, SYSTEM_STATE_NAMES, ZONE_NAMES, Zone, maskBits, type Kstate,
} from '../model/state.ts';


function linkChanges(a: Kstate, b: Kstate, blk: number): string[] {
  const out: string[] = [];
  const diff = (x: number, y: number, line: (n: number) => string) => {
    for (const n of maskBits(y & ~x)) out.push(`+ ${line(n)}`);
    for (const n of maskBits(x & ~y)) out.push(`- ${line(n)}`);
  };
  diff(a.nodeToMemLinks(blk), b.nodeToMemLinks(blk), (n) => `node/node${n}/memory${blk} -> ../../memory/memory${blk}`);
  diff(a.memToNodeLinks(blk), b.memToNodeLinks(blk), (n) => `memory/memory${blk}/node${n} -> ../../node/node${n}`);
  return out;
}

function blockChanges(a: Kstate, b: Kstate, blk: number): string[] {
  const [sa, sb] = [a.blockState(blk), b.blockState(blk)];
  const out: string[] = [];
  if (sa === BlockState.ABSENT && sb !== BlockState.ABSENT) out.push(`+ memory/memory${blk} (${BLOCK_STATE_NAMES[sb]})`);
  else if (sa !== BlockState.ABSENT && sb === BlockState.ABSENT) out.push(`- memory/memory${blk}`);
  else if (sa !== sb) {
    const zone = b.blockZone(blk) === Zone.NONE ? '' : `, zone ${ZONE_NAMES[b.blockZone(blk)]}`;
    out.push(`  memory${blk}: ${BLOCK_STATE_NAMES[sa]} -> ${BLOCK_STATE_NAMES[sb]}${zone}`);
  }
  if (sb !== BlockState.ABSENT && a.blockNid(blk) !== b.blockNid(blk)) out.push(`  memory${blk}: mem->nid = ${b.blockNid(blk) === 15 ? 'NUMA_NO_NODE' : b.blockNid(blk)}`);
  return out;
}

function nodeChanges(a: Kstate, b: Kstate, nid: number): string[] {
  const out: string[] = [];
  if (!a.nodeRegistered(nid) && b.nodeRegistered(nid)) out.push(`+ node/node${nid}`);
  if (a.nodeRegistered(nid) && !b.nodeRegistered(nid)) out.push(`- node/node${nid} (unregister_one_node)`);
  if (a.nodeOnline(nid) !== b.nodeOnline(nid)) out.push(`  node${nid}: ${b.nodeOnline(nid) ? 'N_ONLINE' : 'offline (node_set_offline)'}`);
  if (a.nodeHasMemory(nid) !== b.nodeHasMemory(nid)) out.push(`  node${nid}: has_memory ${b.nodeHasMemory(nid) ? '1' : '0'}`);
  const [sa, sb] = [a.nodeSpan(nid), b.nodeSpan(nid)];
  if (sa.start !== sb.start || sa.end !== sb.end) out.push(`  node${nid} span: ${spanText(b.g, sb)}`);
  for (const z of [Zone.NORMAL, Zone.MOVABLE, Zone.DEVICE]) {
    const [za, zb] = [a.zoneSpan(nid, z), b.zoneSpan(nid, z)];
    if (za.start !== zb.start || za.end !== zb.end) out.push(`  node${nid} ${ZONE_NAMES[z]} span: ${spanText(b.g, zb)}`);
  }
  return out;
}

/** memmap changes to or from absent/poisoned, one line per run of subsections changing alike. */
function memmapChanges(a: Kstate, b: Kstate): string[] {
  const out: string[] = [];
  const g = b.g;
  const changed = (sub: number): string | null => {
    const [ma, mb] = [a.memmap(sub), b.memmap(sub)];
    return ma === mb || (ma > 1 && mb > 1) ? null : `${MEMMAP_NAMES[ma]} -> ${MEMMAP_NAMES[mb]}`;
  };
  for (let sub = 0; sub < g.nrSubs; sub++) {
    const what = changed(sub);
    if (!what) continue;
    let end = sub + 1;
    while (end < g.nrSubs && changed(end) === what) end++;
    out.push(`  memmap [mem ${rangeText(g, sub, end)}]: ${what}`);
    sub = end - 1;
  }
  return out;
}

export function stateChanges(a: Kstate, b: Kstate): string[] {
  const out: string[] = [];
  if (a.systemState !== b.systemState) out.push(`  system_state = ${SYSTEM_STATE_NAMES[b.systemState]}`);
  for (const nid of b.g.nodeIds) out.push(...nodeChanges(a, b, nid));
  for (let blk = 0; blk < b.g.nrBlocks; blk++) out.push(...blockChanges(a, b, blk), ...linkChanges(a, b, blk));
  out.push(...memmapChanges(a, b));
  return out;
}

/** `ls -l` of a block's directory and of the node directories that link to it. */
export function lsBlock(s: Kstate, blk: number): string[] {
  const out: string[] = [];
  if (s.blockExists(blk)) {
    out.push(`# ls -l /sys/devices/system/memory/memory${blk}`);
    for (const n of maskBits(s.memToNodeLinks(blk))) out.push(`lrwxrwxrwx 1 root root 0 node${n} -> ../../node/node${n}`);
    out.push(`-rw-r--r-- 1 root root 4096 online`, `-rw-r--r-- 1 root root 4096 state  (${BLOCK_STATE_NAMES[s.blockState(blk)]})`);
  } else {
    out.push(`# ls /sys/devices/system/memory/memory${blk}`, `ls: cannot access '/sys/devices/system/memory/memory${blk}': No such file or directory`);
  }
  for (const n of maskBits(s.nodeToMemLinks(blk))) {
    out.push(`# ls -l /sys/devices/system/node/node${n}/memory${blk}`, `lrwxrwxrwx 1 root root 0 /sys/devices/system/node/node${n}/memory${blk} -> ../../memory/memory${blk}`);
  }
  return out;
}
