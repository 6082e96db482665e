/** A node goes offline only when nothing is left on it. */
import { spanEmpty, type Kstate } from '../model/state.ts';
import { spanText } from '../model/decode.ts';
import { firstProblem, type PropertyDef } from '../model/property.ts';

function* nodeProblems(s: Kstate): Generator<string | null> {
  if (s.bootPc === 0) return;
  for (const nid of s.g.nodeIds) {
    if (s.nodeOnline(nid)) continue;
    for (let b = 0; b < s.g.nrBlocks; b++) {
      const linked = (s.memToNodeLinks(b) | s.nodeToMemLinks(b)) & (1 << nid);
      if (s.blockExists(b) && s.blockNid(b) === nid && linked) {
        yield `node${nid} was set offline while memory${b} still has nid ${nid} (memory${b}/node${nid} remains)`;
      }
    }
    if (!spanEmpty(s.nodeSpan(nid))) yield `node${nid} is offline but still spans ${spanText(s.g, s.nodeSpan(nid))}`;
    if (s.g.nodeHasCpus[nid]) yield `node${nid} is offline but has CPUs`;
  }
}

export const nodeOfflineSafe: PropertyDef = {
  name: 'node-offline-safe',
  statement: 'A node goes offline only when no block has nid == M, it spans nothing and it has no CPU.',
  why: 'try_offline_node() calls unregister_one_node(), setting node_devices[nid] = NULL; unregister_memory_block_under_nodes() and online_pages() later dereference the node of any block that still names it.',
  appliesWhen: 'after sparse_init(), for every node that is not N_ONLINE; a block counts while it is linked to the node',
  check: (s) => firstProblem(nodeProblems(s)),
};
