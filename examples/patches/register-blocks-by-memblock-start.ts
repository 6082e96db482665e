/**
 * A flawed first draft of ./register-blocks-by-memblock.ts, kept as the counter-example of
 * docs/prove-v6.12.md: it links a boot block under the node of the memblock region that holds
 * the block's first page only. A block whose memory belongs to two nodes (the interleaved
 * ranges of seed 000's PowerVM LPAR) is then linked under one of them, and a block that
 * begins with a hole is not linked at all.
 *
 *   npx hpcheck prove --kernel v6.12 --patch ./examples/patches/register-blocks-by-memblock-start.ts --nodes 2 --blocks 3
 */
import type { Kernel } from '../../model/kernel.ts';
import type { MeminitContext, Patch } from '../../model/kernels/behaviour.ts';

function register_mem_sect_under_node(k: Kernel, b: number, nid: number, ctx: MeminitContext): number {
  const first = k.blockSubs(b)[0];
  if (ctx === 'MEMINIT_EARLY' && !(k.g.inMemblock[first] === 1 && k.g.subNode[first] === nid)) return 0;
  return k.kb.do_register_memory_block_under_node(k, b, nid);
}

const patch: Patch = {
  name: 'register-blocks-by-memblock-start',
  description: 'boot links from the memblock region of the first page of each block (flawed)',
  overrides: { register_mem_sect_under_node },
};

export default patch;
