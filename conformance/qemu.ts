/**
 * One bounded QEMU/TCG run of a Linux guest: spawn, connect QMP and the guest shell, and kill
 * QEMU by its own PID on every exit path (done, failure, deadline, SIGINT/SIGTERM, process exit).
 *
 * QEMU runs under coreutils `timeout`, so even a driver killed with SIGKILL leaves no QEMU
 * behind past the deadline; QEMU's own PID comes from `-pidfile` and is what `close()` kills.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuestShell, Qmp, acceptOne } from './channel.ts';
import { kernelCmdline, type QemuMachine } from './machine.ts';

export interface BootOptions {
  readonly kernel: string;
  readonly initrd: string;
  /** Where console.log goes. */
  readonly workDir: string;
  readonly machine: QemuMachine;
  /** Wall-clock budget of the whole run, boot included. */
  readonly deadlineMs: number;
  /** Budget of one QMP command or one guest command. */
  readonly stepTimeoutMs?: number;
}

const live = new Set<QemuRun>();

/** How many QEMU runs of this process are still alive (0 once every run is closed). */
export const liveRuns = (): number => live.size;
let hooked = false;

/** On any exit of this process, kill every QEMU still running; on SIGINT/SIGTERM, then exit. */
function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => { for (const r of live) r.killNow(); });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const r of live) r.killNow();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

/** The qemu-system-x86_64 arguments for `machine`. */
export function qemuArgs(m: QemuMachine, kernel: string, initrd: string, dir: string, sockDir: string): string[] {
  const args = ['-accel', 'tcg', '-machine', 'pc', '-m', `${m.bootMiB}M,slots=${m.slots},maxmem=${m.maxmemMiB}M`];
  const cpuNodes = m.nodes.filter((n) => n.cpus);
  args.push('-smp', String(cpuNodes.length));
  m.nodes.forEach((n, id) => {
    if (n.memMiB > 0) args.push('-object', `memory-backend-ram,id=boot${id},size=${n.memMiB}M`);
    const cpus = n.cpus ? `,cpus=${cpuNodes.indexOf(n)}` : '';
    args.push('-numa', `node,nodeid=${id}${cpus}${n.memMiB > 0 ? `,memdev=boot${id}` : ''}`);
  });
  args.push(
    '-kernel', kernel, '-initrd', initrd,
    '-append', kernelCmdline(m),
    '-display', 'none', '-no-reboot', '-nodefaults',
    '-pidfile', join(sockDir, 'qemu.pid'),
    '-chardev', `file,id=con,path=${join(dir, 'console.log')}`, '-serial', 'chardev:con',
    '-chardev', `socket,id=cmd,path=${join(sockDir, 'cmd.sock')},server=off`, '-serial', 'chardev:cmd',
    '-chardev', `socket,id=qmp,path=${join(sockDir, 'qmp.sock')},server=off`, '-mon', 'chardev=qmp,mode=control',
  );
  return args;
}

export class QemuRun {
  private exited = false;
  private qemuPid: number | null = null;
  private deadlineTimer: NodeJS.Timeout;
  private cleanup: (() => void)[] = [];
  /** Wall time from spawning QEMU to the guest shell's @@READY@@. */
  bootSeconds = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly qmp: Qmp,
    readonly shell: GuestShell,
    private readonly sockDir: string,
    deadlineMs: number,
  ) {
    this.deadlineTimer = setTimeout(() => this.killNow(), deadlineMs);
  }

  /**
   * boot() - start QEMU and wait for the guest shell.
   * Return: the run, ready for QMP commands and guest commands. Throws (after killing QEMU)
   * if QEMU exits early or the guest is not ready in time.
   */
  static async boot(o: BootOptions): Promise<QemuRun> {
    hookProcessExit();
    const started = Date.now();
    const sockDir = mkdtempSync(join(tmpdir(), 'hpcheck-qemu-'));
    const cmd = acceptOne(join(sockDir, 'cmd.sock'));
    const qmpSock = acceptOne(join(sockDir, 'qmp.sock'));
    const seconds = Math.ceil(o.deadlineMs / 1000);
    const args = qemuArgs(o.machine, o.kernel, o.initrd, o.workDir, sockDir);
    const child = spawn('timeout', ['-k', '5', String(seconds), 'qemu-system-x86_64', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code, sig) => reject(new Error(`qemu exited (${sig ?? code}) before the guest was ready: ${stderr.trim().split('\n')[0] ?? ''}`)));
      child.once('error', (e) => reject(new Error(`cannot run qemu-system-x86_64 under timeout: ${e.message}`)));
    });
    // A quarter of the deadline, at least 30 s: under load snap.sh alone can take longer than 30 s.
    const stepMs = o.stepTimeoutMs ?? Math.max(30_000, Math.floor(o.deadlineMs / 4));
    let run: QemuRun | null = null;
    const servers = [cmd.server, qmpSock.server];
    try {
      const [cmdSocket, qmpSocket] = await Promise.race([Promise.all([cmd.socket, qmpSock.socket]), exited]);
      const qmp = new Qmp(qmpSocket, stepMs);
      const shell = new GuestShell(cmdSocket, stepMs);
      run = new QemuRun(child, qmp, shell, sockDir, o.deadlineMs - (Date.now() - started));
      live.add(run);
      run.cleanup.push(() => servers.forEach((s) => s.close()), () => { cmdSocket.destroy(); qmpSocket.destroy(); });
      child.once('exit', () => { run!.exited = true; });
      run.readPid();
      await Promise.race([qmp.start(), exited]);
      await Promise.race([shell.ready(Math.max(1000, o.deadlineMs - (Date.now() - started))), exited]);
      run.bootSeconds = (Date.now() - started) / 1000;
      return run;
    } catch (e) {
      if (run) await run.close();
      else { child.kill('SIGKILL'); servers.forEach((s) => s.close()); rmSync(sockDir, { recursive: true, force: true }); }
      throw e;
    }
  }

  private readPid(): void {
    try {
      this.qemuPid = Number(readFileSync(join(this.sockDir, 'qemu.pid'), 'utf8').trim()) || null;
    } catch {
      this.qemuPid = null;
    }
  }

  /** Synchronous kill of QEMU (by its PID) and of its `timeout` wrapper (by the child's PID). */
  killNow(): void {
    clearTimeout(this.deadlineTimer);
    if (this.qemuPid === null) this.readPid();
    for (const pid of [this.qemuPid, this.child.pid]) {
      if (pid === null || pid === undefined) continue;
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    live.delete(this);
    rmSync(this.sockDir, { recursive: true, force: true });
  }

  /** Stops QEMU: SIGTERM to its PID, SIGKILL after 2 s, and removes the sockets. */
  async close(): Promise<void> {
    clearTimeout(this.deadlineTimer);
    if (!this.exited) {
      if (this.qemuPid === null) this.readPid();
      const gone = new Promise<void>((resolve) => {
        if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
        else this.child.once('exit', () => resolve());
      });
      try { if (this.qemuPid !== null) process.kill(this.qemuPid, 'SIGTERM'); } catch { /* already gone */ }
      const t = setTimeout(() => this.killNow(), 2000);
      await gone;
      clearTimeout(t);
    }
    live.delete(this);
    for (const c of this.cleanup) c();
    rmSync(this.sockDir, { recursive: true, force: true });
  }
}
