/**
 * An example user patch: a try_offline_node() written the way a reviewer might propose it
 * before 2c91f8fc6c99 existed. Instead of trusting mem->nid, it keeps the node online while
 * any memory block is still linked under it in sysfs (nodeM/memoryN), or while it spans
 * memory or has a CPU.
 *
 * Try it on the kernel that has the bug:
 *   npx hpcheck check --layout memoryless-node-two-dimms --kernel v5.3 \
 *     --patch ./examples/patches/try-offline-node-linked.ts --property node-offline-safe
 *
 * A patch module default-exports { name, description, overrides }. Each key of `overrides`
 * is a behaviour point (`npx hpcheck list` names them; model/kernels/behaviour.ts documents
 * their signatures). Function points receive the Kernel view `k` (model/kernel.ts): `k.s` is
 * the state being built (model/state.ts accessors), `k.g` the layout geometry, and
 * `k.node_set_offline()`, `k.unregister_one_node()` and friends are the kernel primitives.
 * Only types are imported, by the package's name (`hpcheck`: package.json "exports", which
 * maps it to model/patch-api.ts), so a copy of this file runs from any directory; in a
 * project with hpcheck installed, the editor and tsc find the types too.
 */
import type { Kernel, Patch } from 'hpcheck';

function try_offline_node(k: Kernel, nid: number): void {
  const span = k.s.nodeSpan(nid);
  if (span.end > span.start) return;
  for (let b = 0; b < k.g.nrBlocks; b++) {
    if (k.s.nodeToMemLinks(b) & (1 << nid)) return;
  }
  if (k.g.nodeHasCpus[nid]) return;
  k.node_set_offline(nid);
  k.unregister_one_node(nid);
}

const patch: Patch = {
  name: 'try-offline-node-linked',
  description: 'try_offline_node(): keep the node while any nodeM/memoryN link remains',
  overrides: { try_offline_node },
};

export default patch;
