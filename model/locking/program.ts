/**
 * A kernel path as a program of lock operations, and the builder the paths are written with.
 *
 * Each operation carries the call stack it runs in (innermost first), so a report can show
 * where a lock was taken the way lockdep's stack traces do. Branches go to named labels.
 */
import type { Block, Mem, Res, Ret } from './locks.ts';

export type Op =
  /** A blocking acquisition: mutex_lock(), down_read(), percpu_down_write(). */
  | { readonly k: 'lock'; readonly res: Res; readonly read: boolean }
  /** mutex_trylock(): on failure, carries -ERESTARTNOINTR to `fail`. */
  | { readonly k: 'trylock'; readonly res: Res; readonly fail: string }
  | { readonly k: 'unlock'; readonly res: Res }
  /** kernfs_get_active(): -ENODEV to `fail` once the node is deactivated. */
  | { readonly k: 'get_active'; readonly res: Res; readonly fail: string }
  /** kernfs_deactivate() in __kernfs_remove(): new kernfs_get_active() calls fail from now on. */
  | { readonly k: 'deactivate'; readonly res: Res }
  /** kernfs_drain(): waits until no active reference is held. A wait, not a lock. */
  | { readonly k: 'drain'; readonly res: Res }
  /** Go to `to` (setting `ret` when given) if the block is in one of `states`. */
  | { readonly k: 'if_block'; readonly block: Block; readonly states: readonly Mem[]; readonly to: string; readonly ret?: Ret }
  /** The block changes state; with `mayFail`, the explorer may instead take the error, block unchanged. */
  | { readonly k: 'set_block'; readonly block: Block; readonly state: Mem; readonly mayFail?: Ret }
  /** Go to `to` if the path carries an error. */
  | { readonly k: 'if_error'; readonly to: string }
  | { readonly k: 'goto'; readonly to: string }
  /** restart_syscall(): the write starts again from the top. */
  | { readonly k: 'restart' }
  /** BUG(): the kernel stops. */
  | { readonly k: 'bug' }
  /** Back to user space (or the work item returns). */
  | { readonly k: 'exit' };

export interface Step {
  readonly op: Op;
  /** What the step does, in kernel words: `mutex_lock(&device_hotplug_lock)`. */
  readonly text: string;
  /** The call stack, innermost first: `['lock_device_hotplug', 'remove_memory', ...]`. */
  readonly stack: readonly string[];
  /** For a step that can branch (a check, a trylock, kernfs_get_active): what happens when it does. */
  readonly taken?: string;
}

export interface Program {
  /** How a user starts it: `echo offline > /sys/devices/system/memory/memory0/state`. */
  readonly command: string;
  /** The task lockdep names: `bash/1207`, `kworker/u16:4/380`. */
  readonly task: string;
  readonly steps: readonly Step[];
  /** Resolved branch targets: label -> step index. */
  readonly labels: ReadonlyMap<string, number>;
}

/** Writes a program: `call()` pushes a frame, `ret()` pops it, each op records the frames. */
export class ProgramBuilder {
  readonly #steps: Step[] = [];
  readonly #labels = new Map<string, number>();
  readonly #frames: string[] = [];

  constructor(readonly command: string, readonly task: string, outermost: readonly string[]) {
    this.#frames.push(...outermost);
  }

  /** Runs `body` inside function `fn` (pushed on the call stack). */
  call(fn: string, body: () => unknown): this {
    this.#frames.unshift(fn);
    body();
    this.#frames.shift();
    return this;
  }

  /** Runs `body` inside a chain of calls given innermost first (`['device_del', 'device_unregister']`). */
  calls(frames: readonly string[], body: () => unknown): this {
    if (frames.length === 0) body();
    else this.call(frames.at(-1)!, () => this.calls(frames.slice(0, -1), body));
    return this;
  }

  op(op: Op, text: string, fn?: string, taken?: string): this {
    const stack = fn ? [fn, ...this.#frames] : [...this.#frames];
    this.#steps.push({ op, text, stack, ...(taken === undefined ? {} : { taken }) });
    return this;
  }

  label(name: string): this {
    if (this.#labels.has(name)) throw new Error(`hpcheck bug: label ${name} defined twice in ${this.command}`);
    this.#labels.set(name, this.#steps.length);
    return this;
  }

  build(): Program {
    for (const s of this.#steps) {
      const to = 'to' in s.op ? s.op.to : 'fail' in s.op ? s.op.fail : null;
      if (to !== null && !this.#labels.has(to)) throw new Error(`hpcheck bug: ${this.command}: no label ${to}`);
    }
    return { command: this.command, task: this.task, steps: this.#steps, labels: this.#labels };
  }
}

/** The step index a branch goes to. */
export function target(p: Program, label: string): number {
  return p.labels.get(label)!;
}
