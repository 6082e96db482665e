/**
 * What an action changed, in sysfs terms: links and devices that appeared or went, block
 * and node states, spans, and memmap where it matters.
 */
import { rangeText, spanText } from '../../model/decode.ts';
import {
  BLOCK_STATE_NAMES, BlockState, MEMMAP_NAMES, SYSTEM_STATE_NAMES, ZONE_NAMES, Zone, maskBits, type Kstate,
} from '../../model/state.ts';


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

/** The memmap of a subsection in words: `absent`, `poisoned`, `online (node2, Normal)`. */
function memmapText(s: Kstate, sub: number): string {
  const m = s.memmap(sub);
  return m <= 1 ? MEMMAP_NAMES[m] : `${MEMMAP_NAMES[m]} (node${s.memmapNid(sub)}, ${ZONE_NAMES[s.memmapZone(sub)]})`;
}

/**
 * memmap changes to or from absent/poisoned, or to another node or zone (an initialised
 * memmap that only changes state, e.g. init_reserved to online, is left out); one line per
 * run of subsections changing alike.
 */
function memmapChanges(a: Kstate, b: Kstate): string[] {
  const out: string[] = [];
  const g = b.g;
  const changed = (sub: number): string | null => {
    const [ma, mb] = [a.memmap(sub), b.memmap(sub)];
    const same = ma > 1 && mb > 1 ? a.memmapNid(sub) === b.memmapNid(sub) && a.memmapZone(sub) === b.memmapZone(sub) : ma === mb;
    return same ? null : `${memmapText(a, sub)} -> ${memmapText(b, sub)}`;
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

const link = (name: string, target: string): string => `lrwxrwxrwx 1 root root    0 ${name} -> ${target}`;
const file = (mode: string, name: string): string => `${mode} 1 root root 4096 ${name}`;

/**
 * `ls -l` of a block's directory as seed 000 shows memory21, then `cat` of its state and
 * valid_zones, then the node links that name it.
 * @validZones: what `cat valid_zones` prints for the block
 */
export function lsBlock(s: Kstate, blk: number, validZones: string): string[] {
  const dir = `/sys/devices/system/memory/memory${blk}`;
  const out: string[] = [];
  if (s.blockExists(blk)) {
    out.push(`# ls -l ${dir}`, 'total 0');
    for (const n of maskBits(s.memToNodeLinks(blk))) {
      const dangling = s.nodeRegistered(n) ? '' : '   (dangling: node' + n + ' is unregistered)';
      out.push(link(`node${n}`, `../../node/node${n}${dangling}`));
    }
    out.push(
      file('-rw-r--r--', 'online'), file('-r--r--r--', 'phys_device'), file('-r--r--r--', 'phys_index'),
      'drwxr-xr-x 2 root root    0 power', file('-r--r--r--', 'removable'), file('-rw-r--r--', 'state'),
      link('subsystem', '../../../../bus/memory'), file('-rw-r--r--', 'uevent'), file('-r--r--r--', 'valid_zones'),
      `# cat ${dir}/state ${dir}/valid_zones`, BLOCK_STATE_NAMES[s.blockState(blk)], validZones,
    );
  } else {
    out.push(`# ls -l ${dir}`, `ls: cannot access '${dir}': No such file or directory`);
  }
  const pattern = `/sys/devices/system/node/node*/memory${blk}`;
  const linked = maskBits(s.nodeToMemLinks(blk));
  out.push(`# ls -l ${pattern}`);
  if (linked.length === 0) out.push(`ls: cannot access '${pattern}': No such file or directory`);
  for (const n of linked) {
    const dangling = s.blockExists(blk) ? '' : '   (dangling: the block is gone)';
    out.push(link(`/sys/devices/system/node/node${n}/memory${blk}`, `../../memory/memory${blk}${dangling}`));
  }
  return out;
}

/** The memory links of a node directory: `ls -l /sys/devices/system/node/nodeM | grep memory`. */
export function lsNode(s: Kstate, nid: number): string[] {
  const dir = `/sys/devices/system/node/node${nid}`;
  if (!s.nodeRegistered(nid)) return [`# ls -l ${dir}`, `ls: cannot access '${dir}': No such file or directory`];
  const out = [`# ls -l ${dir} | grep memory`];
  for (let b = 0; b < s.g.nrBlocks; b++) {
    if (s.nodeToMemLinks(b) & (1 << nid)) out.push(link(`memory${b}`, `../../memory/memory${b}${s.blockExists(b) ? '' : '   (dangling: the block is gone)'}`));
  }
  if (out.length === 1) out.push('(no memoryN links)');
  return out;
}
