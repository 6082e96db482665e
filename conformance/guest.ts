/**
 * The kernel's side of a conformance run: guest operations over QMP and the guest shell, each
 * returning the errno the kernel gave, and the sysfs snapshot (guest/snap.sh).
 */
import type { QemuRun } from './qemu.ts';
import type { KernelSide } from './sequence-runner.ts';
import type { ReadWhat } from './sequence.ts';
import { parseSnapshot, type SysfsView } from './view.ts';

const MEMORY = '/sys/devices/system/memory';

/** strerror() texts as busybox prints them, to errno names. */
const ERRNO_BY_TEXT: Record<string, string> = {
  'Invalid argument': 'EINVAL',
  'Device or resource busy': 'EBUSY',
  'File exists': 'EEXIST',
  'No such device or address': 'ENXIO',
  'No such file or directory': 'ENOENT',
  'Operation not permitted': 'EPERM',
  'Out of memory': 'ENOMEM',
};

/** How long the guest may take to carry out an eject before it counts as refused. */
const EJECT_TIMEOUT_MS = 15_000;

export class Guest implements KernelSide {
  private objects = 0;
  /** The errno of the last operation, logged with the snapshot that follows it. */
  private lastErrno = '';
  /** Oops and BUG lines in the guest's kernel log so far. */
  private oopses = 0;
  /** QOM ids of the memory backend of each plugged DIMM. */
  private backends = new Map<string, string>();

  /**
   * @log: told every snapshot's raw lines, with the step they follow and its errno, and after
   * boot and every add, a copy of the sysfs files (guest/sysfs.sh) that layout import reads.
   */
  constructor(private readonly run: QemuRun, private readonly log: (step: string, errno: string, lines: readonly string[], sysfs?: readonly string[]) => void) {}

  async snapshot(step: string): Promise<SysfsView> {
    const r = await this.run.shell.run('sh /bin/snap.sh');
    if (r.rc !== 0) throw new Error(`snap.sh failed (rc ${r.rc}): ${r.lines.join(' | ')}`);
    if (step === 'boot' || step.startsWith('add ')) {
      const copy = await this.run.shell.run('sh /bin/sysfs.sh');
      if (copy.rc !== 0) throw new Error(`sysfs.sh failed (rc ${copy.rc}): ${copy.lines.join(' | ')}`);
      this.log(step, this.lastErrno, r.lines, copy.lines);
    } else this.log(step, this.lastErrno, r.lines);
    this.lastErrno = '';
    return parseSnapshot(r.lines);
  }

  /** A DIMM QEMU was started with (`-device pc-dimm,id=dimm-NAME,memdev=mem-NAME`), so device_del can eject it. */
  coldPlugged(name: string): void {
    this.backends.set(name, `mem-${name}`);
  }

  async writeState(block: number, value: string): Promise<string> {
    return (this.lastErrno = await this.write(block, value));
  }

  async addDimm(name: string, node: number, size: number, expectedAddr: number, blocks: readonly number[]): Promise<string> {
    return (this.lastErrno = await this.plug(name, node, size, expectedAddr, blocks));
  }

  async removeDimm(name: string, blocks: readonly number[]): Promise<string> {
    return (this.lastErrno = await this.eject(name, blocks));
  }

  /**
   * read() - run the read in the guest and look at the kernel log.
   * Return: "OOPS" when dmesg has more oops or BUG lines than before it, else "".
   */
  async read(what: ReadWhat, block: number | null): Promise<string> {
    const cmd = what === 'kpageflags' ? 'dd if=/proc/kpageflags of=/dev/null bs=4096' : `cat ${MEMORY}/memory${block}/${what}`;
    const r = await this.run.shell.run(`${cmd} >/dev/null 2>&1; echo "@@OOPS $(dmesg | grep -cE 'BUG:|Oops:|page dumped because')"`);
    const line = r.lines.find((l) => l.startsWith('@@OOPS '));
    if (line === undefined) throw new Error(`no kernel log count after ${cmd}: ${r.lines.join(' | ')}`);
    const count = Number(line.slice('@@OOPS '.length).trim());
    const oops = count > this.oopses;
    this.oopses = count;
    return (this.lastErrno = oops ? 'OOPS' : '');
  }

  /** echo VALUE > memoryN/state. Return: the errno name, "" for success. */
  private async write(block: number, value: string): Promise<string> {
    const r = await this.run.shell.run(`wr '${value.replace(/'/g, '')}' ${MEMORY}/memory${block}/state`);
    const line = r.lines.find((l) => l.startsWith('@@ERRNO '));
    if (line === undefined) throw new Error(`no errno from the write to memory${block}/state: ${r.lines.join(' | ')}`);
    const text = line.slice('@@ERRNO '.length).trim();
    return text === '0' ? '' : (ERRNO_BY_TEXT[text] ?? text);
  }

  /** Waits in the guest until every block directory exists (`present`) or none does. */
  private async waitBlocks(blocks: readonly number[], present: boolean): Promise<boolean> {
    const test = blocks.map((b) => `[ ${present ? '' : '!'} -d ${MEMORY}/memory${b} ]`).join(' && ');
    const r = await this.run.shell.run(`i=0; until ${test}; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.1; done; ${test}`);
    return r.rc === 0;
  }

  /**
   * Hot-adds a pc-dimm and waits for the guest's ACPI _OST and the block directories.
   * Throws if QEMU places it anywhere but `expectedAddr` (the layout would be wrong).
   * Return: "" when every block appeared, else EINVAL (the guest rejected the range).
   */
  private async plug(name: string, node: number, size: number, expectedAddr: number, blocks: readonly number[]): Promise<string> {
    const backend = `mem${++this.objects}`;
    const id = `dimm-${name}`;
    await this.run.qmp.execute('object-add', { 'qom-type': 'memory-backend-ram', id: backend, size });
    this.backends.set(name, backend);
    const mark = this.run.qmp.mark;
    await this.run.qmp.execute('device_add', { driver: 'pc-dimm', id, memdev: backend, node });
    const devices = (await this.run.qmp.execute('query-memory-devices')) as { data: { id?: string; addr: number } }[];
    const dev = devices.find((d) => d.data.id === id);
    if (!dev) throw new Error(`QEMU does not list ${id} after device_add`);
    if (dev.data.addr !== expectedAddr) {
      throw new Error(`QEMU placed ${id} at 0x${dev.data.addr.toString(16)}, the layout expected 0x${expectedAddr.toString(16)}`);
    }
    await this.run.qmp.waitEvent((e) => e.event === 'ACPI_DEVICE_OST' && (e.data['info'] as { source?: number })?.source === 1, 10_000, `ACPI _OST for ${id}`, mark);
    return (await this.waitBlocks(blocks, true)) ? '' : 'EINVAL';
  }

  /**
   * device_del of a DIMM: waits for DEVICE_DELETED, then deletes its backend and waits for the
   * block directories to go. Return: "", or EBUSY when the guest refused the eject (no
   * DEVICE_DELETED within the timeout; the DIMM stays).
   */
  private async eject(name: string, blocks: readonly number[]): Promise<string> {
    const id = `dimm-${name}`;
    const mark = this.run.qmp.mark;
    await this.run.qmp.execute('device_del', { id });
    try {
      await this.run.qmp.waitEvent((e) => e.event === 'DEVICE_DELETED' && e.data['device'] === id, EJECT_TIMEOUT_MS, `DEVICE_DELETED ${id}`, mark);
    } catch {
      return 'EBUSY';
    }
    await this.run.qmp.execute('object-del', { id: this.backends.get(name)! });
    this.backends.delete(name);
    if (!(await this.waitBlocks(blocks, false))) throw new Error(`QEMU deleted ${id} but the guest still has its memory blocks`);
    return '';
  }
}
