/**
 * The guest's initramfs: busybox-static, /init (guest/init), /bin/snap.sh and /bin/sysfs.sh,
 * packed with cpio.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GUEST = fileURLToPath(new URL('./guest/', import.meta.url));

/** The busybox binary to put in the guest: must be statically linked (Debian busybox-static). */
function findBusybox(): string {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(p)) return p;
  throw new Error('busybox not found: install busybox-static (conformance/setup.sh does)');
}

/**
 * buildInitramfs() - pack the initramfs into `dir`/initramfs.cpio.gz, unless it is newer than
 * every input. Return: its path.
 */
export function buildInitramfs(dir: string): string {
  const out = join(dir, 'initramfs.cpio.gz');
  const busybox = findBusybox();
  const inputs = [busybox, join(GUEST, 'init'), join(GUEST, 'snap.sh'), join(GUEST, 'sysfs.sh')];
  if (existsSync(out) && inputs.every((p) => statSync(p).mtimeMs < statSync(out).mtimeMs)) return out;
  const root = join(dir, 'initramfs');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'dev', 'proc', 'sys', 'tmp']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(busybox, join(root, 'bin/busybox'));
  copyFileSync(join(GUEST, 'init'), join(root, 'init'));
  copyFileSync(join(GUEST, 'snap.sh'), join(root, 'bin/snap.sh'));
  copyFileSync(join(GUEST, 'sysfs.sh'), join(root, 'bin/sysfs.sh'));
  execFileSync('chmod', ['755', join(root, 'init'), join(root, 'bin/snap.sh'), join(root, 'bin/sysfs.sh'), join(root, 'bin/busybox')]);
  execFileSync('sh', ['-c', 'find . | cpio -o -H newc --quiet | gzip -9 > "$1"', 'sh', out], { cwd: root });
  return out;
}
