/**
 * The two host-side channels to a QEMU guest, both on unix sockets where the host listens and
 * QEMU connects (`server=off`), so there is no start-up race:
 *   - QMP: JSON commands with replies, and asynchronous events;
 *   - the guest shell on ttyS1: one command a line, answered by its output and `@@END <rc>@@`.
 *
 * No npm package speaks QMP, and the protocol is a few JSON lines, so it is written on node:net.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** Listens on `path` and resolves with the first connection. */
export function acceptOne(path: string): { server: Server; socket: Promise<Socket> } {
  const server = createServer();
  const socket = new Promise<Socket>((resolve, reject) => {
    server.once('connection', (s) => resolve(s));
    server.once('error', reject);
  });
  server.listen(path);
  return { server, socket };
}

/** A line splitter over a socket: every complete line goes to `onLine`. */
function readLines(socket: Socket, onLine: (line: string) => void): void {
  let buf = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.search(/\r?\n/); i >= 0; i = buf.search(/\r?\n/)) {
      const line = buf.slice(0, i);
      buf = buf.slice(buf[i] === '\r' ? i + 2 : i + 1);
      onLine(line);
    }
  });
}

export interface QmpEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

type Waiter = { accept: (v: unknown) => boolean; resolve: (v: unknown) => void };

/**
 * Waits for something to arrive, with a deadline. Items arriving with nobody waiting are kept,
 * so an event that comes before its waiter is not lost.
 */
class Mailbox<T> {
  readonly items: T[] = [];
  private waiters: Waiter[] = [];
  private closedWith: Error | null = null;

  push(item: T): void {
    this.items.push(item);
    for (const w of [...this.waiters]) {
      if (w.accept(item)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(item);
      }
    }
  }

  close(err: Error): void {
    this.closedWith = err;
    for (const w of this.waiters) w.resolve(err);
    this.waiters = [];
  }

  /** The first item at or after index `from` accepted by `accept`, or an error on timeout. */
  wait(accept: (v: T) => boolean, ms: number, what: string, from = 0): Promise<T> {
    const found = this.items.slice(from).find(accept);
    if (found !== undefined) return Promise.resolve(found);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== waiter);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const waiter: Waiter = {
        accept: (v) => v instanceof Error || accept(v as T),
        resolve: (v) => { clearTimeout(timer); if (v instanceof Error) reject(v); else resolve(v as T); },
      };
      this.waiters.push(waiter);
    });
  }
}

/** A QMP session: `execute()` a command and get its `return`, or wait for events. */
export class Qmp {
  readonly events = new Mailbox<QmpEvent>();
  private replies = new Mailbox<{ id: number; ok: boolean; value: unknown }>();
  private nextId = 1;

  constructor(private readonly socket: Socket, private readonly timeoutMs: number) {
    readLines(socket, (line) => this.onLine(line));
    socket.on('close', () => {
      const err = new Error('QMP connection closed (QEMU exited)');
      this.events.close(err);
      this.replies.close(err);
    });
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    const msg = JSON.parse(line) as Record<string, unknown>;
    if (typeof msg['event'] === 'string') {
      this.events.push({ event: msg['event'], data: (msg['data'] ?? {}) as Record<string, unknown> });
    } else if (typeof msg['id'] === 'number') {
      const ok = 'return' in msg;
      this.replies.push({ id: msg['id'], ok, value: ok ? msg['return'] : msg['error'] });
    }
  }

  /** Sends the capabilities handshake; the greeting line is ignored. */
  async start(): Promise<void> {
    await this.execute('qmp_capabilities');
  }

  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    this.socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`);
    const r = await this.replies.wait((m) => m.id === id, this.timeoutMs, `the QMP reply to ${command}`);
    if (!r.ok) throw new Error(`QMP ${command} failed: ${JSON.stringify(r.value)}`);
    return r.value;
  }

  /** How many events have arrived so far: pass it to `waitEvent` to wait only for later ones. */
  get mark(): number { return this.events.items.length; }

  waitEvent(accept: (e: QmpEvent) => boolean, ms: number, what: string, from: number): Promise<QmpEvent> {
    return this.events.wait(accept, ms, what, from);
  }
}

/** The guest's command shell on ttyS1 (see guest/init). */
export class GuestShell {
  private lines = new Mailbox<string>();

  constructor(private readonly socket: Socket, private readonly timeoutMs: number) {
    readLines(socket, (line) => this.lines.push(line));
    socket.on('close', () => this.lines.close(new Error('guest serial channel closed (QEMU exited)')));
  }

  ready(ms: number): Promise<string> {
    return this.lines.wait((l) => l.includes('@@READY@@'), ms, 'the guest shell (@@READY@@)');
  }

  /** Runs `command` in the guest; resolves with its output lines and exit status. */
  async run(command: string): Promise<{ lines: string[]; rc: number }> {
    const from = this.lines.items.length;
    this.socket.write(`${command}\n`);
    const end = await this.lines.wait((l) => /^@@END \d+@@$/.test(l), this.timeoutMs, `the guest to finish "${command}"`, from);
    const all = this.lines.items.slice(from);
    const at = all.indexOf(end);
    this.lines.items.length = 0;
    return { lines: all.slice(0, at), rc: Number(/\d+/.exec(end)![0]) };
  }
}
