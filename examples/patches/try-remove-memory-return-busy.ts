/**
 * An example user patch for the lock model: on v5.6, try_remove_memory() meets an online
 * block after f1037ec0cc8a moved mem_hotplug_begin() below the check, and its `goto done`
 * calls mem_hotplug_done() on a lock it never took (lockdep: "bad unlock balance"). This
 * patch returns -EBUSY directly instead, as b4223a510e2a did for v5.9-rc1.
 *
 * Try it on the kernel that has the bug:
 *   npx hpcheck check --layout dax-kmem-unbind --kernel v5.6 --property lock-balance \
 *     --patch ./examples/patches/try-remove-memory-return-busy.ts
 *
 * A patch for the lock model overrides the lock model's behaviour points
 * (model/locking/behaviour.ts; `npx hpcheck list` names them); the points a patch overrides
 * say which model it patches, and a patch run on the other model is an input error.
 */
import type { Patch } from '../../model/kernels/profile.ts';
import type { LockBehaviour } from '../../model/locking/behaviour.ts';

const patch: Patch<LockBehaviour> = {
  name: 'try-remove-memory-return-busy',
  description: 'try_remove_memory(): return -EBUSY before mem_hotplug_begin() instead of goto done',
  overrides: { removeBusyExit: 'return' },
};

export default patch;
