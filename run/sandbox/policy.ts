/**
 * The sandbox a user patch runs in: a child Node process under the permission model
 * (`--experimental-permission` on Node 20; `--permission` from Node 22), with
 *
 * - read access to the hpcheck checkout (its sources and node_modules, which tsx and the
 *   model need), to each patch file, and to the files the command line names (a layout,
 *   a trace, a records file); no other file can be read;
 * - no file writes (the child records the writes a command makes; the verdict process
 *   performs them after a result: run/output-files.ts), no child processes, no native
 *   addons, no inspector;
 * - worker threads allowed: the module hooks run on one (module.register() in Node 20 needs
 *   a worker), and `--workers`/`--jobs` run the search on them. A worker inherits the same
 *   restrictions. TypeScript is compiled by sucrase in-process (ts-hook.mjs), not by tsx,
 *   whose esbuild runs as a child process;
 * - a time limit per action: the watchdog (watchdog.ts) stops the run when one call of an
 *   override, or the import of the patch, takes longer than HPCHECK_PATCH_TIME_LIMIT seconds
 *   (default 10);
 * - a heap limit: HPCHECK_PATCH_MEMORY_MB (default 4096), for the main thread and each
 *   worker.
 *
 * Node 20's permission model does not restrict the network (a patch can open a socket),
 * process.kill() or writes to file descriptors that are already open (stdout, stderr, the
 * result channel). The process that prints the verdict never runs the patch, so none of this
 * can change the exit code; see README.md, "User patches and the sandbox".
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import type { Loaded } from '../user-patch.ts';

export interface Limits {
  /** Longest one override call (or the patch's import) may take, in milliseconds. */
  readonly timeMs: number;
  /** Heap of the child's main thread and of each worker, in MB. */
  readonly memoryMb: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** The checkout: the one tree the child may read besides the named files. */
export const PROJECT_ROOT = resolve(HERE, '../..');

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): Loaded<number> {
  const text = env[name];
  if (text === undefined || text === '') return { ok: true, value: fallback };
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text) || Number(text) <= 0 || Number(text) > max) {
    return { ok: false, error: `${name}=${text.slice(0, 40)}: must be a number above 0 and at most ${max}` };
  }
  return { ok: true, value: Number(text) };
}

/** The limits from the environment (HPCHECK_PATCH_TIME_LIMIT seconds, HPCHECK_PATCH_MEMORY_MB). */
export function readLimits(env: NodeJS.ProcessEnv): Loaded<Limits> {
  const time = positive(env, 'HPCHECK_PATCH_TIME_LIMIT', 10, 86_400);
  if (!time.ok) return time;
  const memory = positive(env, 'HPCHECK_PATCH_MEMORY_MB', 4096, 65_536);
  if (!memory.ok) return memory;
  return { ok: true, value: { timeMs: Math.round(time.value * 1000), memoryMb: Math.round(memory.value) } };
}

/** The environment of the child, without NODE_OPTIONS (which could add --import tsx). */
export function sandboxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: '' };
}

/** The node arguments that start the child on `words` (the command line after `hpcheck`). */
export function sandboxArgv(patches: readonly string[], readable: readonly string[], limits: Limits, words: readonly string[]): string[] {
  // Each path once, and none inside the checkout: Node 20.20 aborts on a path given twice.
  const outside = [...new Set([...patches, ...readable])].filter((p) => !p.startsWith(`${PROJECT_ROOT}/`));
  const read = [`${PROJECT_ROOT}/*`, ...outside].map((p) => `--allow-fs-read=${p}`);
  return [
    '--experimental-permission', '--allow-worker', ...read,
    '--no-warnings', `--max-old-space-size=${limits.memoryMb}`,
    '--import', join(HERE, 'register-hooks.mjs'),
    join(PROJECT_ROOT, 'cli/sandbox-child.ts'), String(limits.timeMs), String(limits.memoryMb), ...words,
  ];
}
