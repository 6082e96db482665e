/**
 * writeLockRepro() - the repro directory of a lock-model trace (seed 003, dax-kmem-unbind).
 * Its steps are lock operations of two kernel threads in one interleaving; a shell cannot force
 * that interleaving, and the kmem unbind needs a devdax namespace the QEMU pc machine here does
 * not have. The directory says so, and gives the two user-space commands each thread starts
 * from, which a lockdep kernel (CONFIG_PROVE_LOCKING) run one after the other reports the
 * dependency cycle from.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WHY = 'a lock-model step: one thread\'s lock operation in a forced interleaving, which a shell cannot schedule';

/** Return: each step with the reason it is not performed (what `--run` reports). */
export function writeLockRepro(dir: string, source: string, meta: Record<string, unknown>): { action: string; why: string }[] {
  const actions = (meta['actions'] as string[] | undefined) ?? [];
  mkdirSync(dir, { recursive: true });
  const threads = [...new Set(actions.map((a) => a.split(' ')[0]!))];
  const rows = actions.map((a, i) => `| ${i + 1} | \`${a}\` | **not performed**: ${WHY} |`);
  writeFileSync(join(dir, 'README.md'), `# Repro of ${source}

${String(meta['property'])} on ${String(meta['kernel'])}: ${String(meta['message'])}

This is a trace of the lock model: threads ${threads.join(', ')} take kernel locks in one
interleaving. QEMU cannot force that interleaving, and the kmem driver needs a devdax
namespace (an NVDIMM), which the QEMU pc machine of \`hpcheck repro\` does not have. On a
machine with a devdax namespace and a kernel built with CONFIG_PROVE_LOCKING, lockdep reports
the cycle from the two paths run one after the other (guest.sh).

| step | trace action | on QEMU |
|---|---|---|
${rows.join('\n')}
`);
  writeFileSync(join(dir, 'guest.sh'), `#!/bin/sh
# The user-space commands the threads of ${source} start from. Run on a machine with a devdax
# namespace bound to kmem (dax0.0) and a lockdep kernel; then look for "possible circular
# locking dependency" in dmesg.
${actions.map((a, i) => `echo "NOT PERFORMED step ${i + 1}: ${a.replace(/["$\`\\]/g, '')}: lock interleaving"`).join('\n')}
echo offline > /sys/devices/system/memory/memory0/state    # T0's path: memory_subsys_offline
echo dax0.0 > /sys/bus/dax/drivers/kmem/unbind             # T1's path: dev_dax_kmem_remove
dmesg | grep -A30 'possible circular locking dependency' || echo "no lockdep report (a kernel without CONFIG_PROVE_LOCKING reports nothing)"
`);
  chmodSync(join(dir, 'guest.sh'), 0o755);
  return actions.map((action) => ({ action, why: WHY }));
}
