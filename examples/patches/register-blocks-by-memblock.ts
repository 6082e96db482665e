/**
 * An example user patch against today's kernel (v6.12): link boot memory blocks under their
 * nodes from the memblock regions instead of reading the nid of each pfn.
 *
 * Since f85086f95fa3 (v5.9-rc7) boot registration, register_mem_block_under_node_early(),
 * walks every pfn of every present section of a block and asks get_nid_for_pfn(), which costs
 * boot time on machines with terabytes of memory. A cheaper way, registering boot memory
 * blocks per memblock region, is what this patch writes down: link block `b` under
 * node `nid` at boot (MEMINIT_EARLY) when any memblock region of `nid` (boot RAM, or a DIMM
 * that is in the boot memory map such as a ppc64 LMB) lies in the block; hot-added memory
 * (MEMINIT_HOTPLUG) is linked unconditionally, as before. Nothing reads a memmap.
 *
 * Prove it against v6.12 (docs/prove-v6.12.md explains the result):
 *   npx hpcheck prove --kernel v6.12 --patch ./examples/patches/register-blocks-by-memblock.ts --nodes 2 --blocks 3
 *
 * Only types are imported, so the module runs wherever hpcheck runs.
 */
import type { Kernel } from '../../model/kernel.ts';
import type { MeminitContext, Patch } from '../../model/kernels/behaviour.ts';

/** Is any subsection of block `b` in the boot memory map (memblock) with node `nid`? */
function memblockRegionOfNode(k: Kernel, b: number, nid: number): boolean {
  const [first, end] = k.blockSubs(b);
  for (let sub = first; sub < end; sub++) {
    if (k.g.inMemblock[sub] === 1 && k.g.subNode[sub] === nid && k.pfn_present(sub)) return true;
  }
  return false;
}

function register_mem_sect_under_node(k: Kernel, b: number, nid: number, ctx: MeminitContext): number {
  if (ctx === 'MEMINIT_EARLY' && !memblockRegionOfNode(k, b, nid)) return 0;
  return k.kb.do_register_memory_block_under_node(k, b, nid);
}

const patch: Patch = {
  name: 'register-blocks-by-memblock',
  description: 'boot links from memblock regions, not from the nid of each pfn',
  overrides: { register_mem_sect_under_node },
};

export default patch;
