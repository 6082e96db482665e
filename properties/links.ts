/**
 * Properties of the sysfs links between /sys/devices/system/memory/memoryN and
 * /sys/devices/system/node/nodeM.
 */
import { bootLinked } from '../model/init.ts';
import { NUMA_NO_NODE, maskBits, type Kstate } from '../model/state.ts';
import type { Behaviour } from '../model/kernels/behaviour.ts';
import { memoryNodesOf, nodeList, readKernel } from './helpers.ts';
import { firstProblem, type PropertyDef } from '../model/property.ts';

function* singleNodeProblems(s: Kstate, kb: Behaviour): Generator<string | null> {
  const k = readKernel(s, kb);
  for (let b = 0; b < s.g.nrBlocks; b++) {
    if (!s.blockExists(b)) continue;
    const holds = memoryNodesOf(k, b);
    const linked = maskBits(s.memToNodeLinks(b) | s.nodeToMemLinks(b));
    for (const m of linked) {
      if (!holds.has(m)) yield `memory${b} is linked under node${m} but holds no memory of node${m} (its memory is on ${nodeList(holds)})`;
    }
    if (holds.size === 1) {
      const [x] = holds;
      if (linked.length !== 1 || linked[0] !== x) yield `memory${b} holds memory of node${x} only, but is linked to ${nodeList(linked)}`;
    }
  }
  yield null;
}

export const singleNodePerBlock: PropertyDef = {
  name: 'single-node-per-block',
  statement: 'A block is linked under node M only if it holds present memory of node M, and a block whose memory is on one node is linked to exactly that node.',
  why: 'unregister_memory_block_under_nodes() removes the links of mem->nid only (d84f2f5a7552), and try_offline_node() trusts mem->nid: both assume a removable block belongs to one node.',
  appliesWhen: 'once boot has linked every node (before that, boot blocks are legitimately unlinked)',
  check: (s, kb) => (bootLinked(s) ? firstProblem(singleNodeProblems(s, kb)) : null),
};

function* linkProblems(s: Kstate): Generator<string | null> {
  for (let b = 0; b < s.g.nrBlocks; b++) {
    const toMem = s.nodeToMemLinks(b);
    const toNode = s.memToNodeLinks(b);
    if (!s.blockExists(b)) {
      for (const m of maskBits(toMem)) yield `node${m}/memory${b} links to a block that no longer exists`;
      continue;
    }
    for (const m of maskBits(toMem & ~toNode)) yield `node${m}/memory${b} has no twin memory${b}/node${m}`;
    for (const m of maskBits(toNode & ~toMem)) {
      yield s.nodeRegistered(m)
        ? `memory${b}/node${m} has no twin node${m}/memory${b}`
        : `memory${b}/node${m} links to node${m}, which no longer exists`;
    }
    const nid = s.blockNid(b);
    if (bootLinked(s) && nid !== NUMA_NO_NODE && !(toNode & (1 << nid))) {
      yield `memory${b} has mem->nid ${nid} but no link memory${b}/node${nid}`;
    }
  }
  yield null;
}

export const linkConsistency: PropertyDef = {
  name: 'link-consistency',
  statement: 'Every nodeM/memoryN has its twin memoryN/nodeM; no link survives its block or its node; a registered block is linked to its mem->nid.',
  why: 'add_memory_resource() re-creates nodeM/memoryN on re-add and hit BUG_ON(ret) on -EEXIST up to v5.9; userspace (drmgr, udev, numactl) reads node affinity from these links.',
  appliesWhen: 'always for stale and missing twins; the mem->nid link once boot has linked every node',
  check: (s) => firstProblem(linkProblems(s)),
};
