/**
 * Command-line words of `sweep`, `prove` and `layouts` turned into checked values, or one
 * line naming the flag and the reason.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { PROFILES, findProfile } from '../../model/kernels/profiles.ts';
import { LAYOUT_LIMITS } from '../../model/layout/types.ts';
import { PROPERTIES, findProperty } from '../../properties/index.ts';
import type { Bounds } from '../../model/layout/enumerate.ts';
import type { Shard } from '../../sweep/results.ts';
import { defaultJobs } from '../../sweep/pool.ts';
import { configLabel, type RunConfig } from '../../sweep/run.ts';
import { resolvePatches } from '../../run/resolve.ts';
import { isPatchPath, type Loaded } from '../../run/user-patch.ts';

export interface BoundFlags { nodes?: string; blocks?: string; dimms?: string; pmem?: string }

/** Defaults: seed 001's shape (a memoryless node with two DIMMs) fits; pmem only when asked. */
export const DEFAULT_BOUNDS: Bounds = { nodes: 2, blocks: 3, dimms: 2, pmem: 0 };
/** A run that finds more states than this stops and is reported as bounded. */
export const DEFAULT_MAX_STATES = 2_000_000;
/** Layouts enumerated before symmetry reduction, at most (the enumeration is held in memory). */
const MAX_RAW_LAYOUTS = 5_000_000;

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function wholeNumber(flag: string, text: string | undefined, fallback: number, min: number, max: number): Loaded<number> {
  if (text === undefined) return { ok: true, value: fallback };
  if (!/^[0-9]+$/.test(text)) return fail(`${flag} ${text}: must be a whole number`);
  const n = Number(text);
  if (n < min || n > max) return fail(`${flag} ${text}: must be between ${min} and ${max}`);
  return { ok: true, value: n };
}

/** An upper bound on the layouts enumerateLayouts() walks through for these bounds. */
function rawLayoutsAbove(b: Bounds): number {
  let total = 0;
  for (let m = 1; m <= b.nodes; m++) {
    const perBlock = m * (1 + (b.pmem > 0 ? 1 : 0) + (b.dimms > 0 ? 3 : 0));
    for (let k = 1; k <= b.blocks; k++) total += 2 ** m * perBlock ** k;
  }
  return total;
}

/**
 * readBounds() - the four layout bounds from their flags, each checked against the model's limits
 * @prefix: what the flags are called before the bound's name (`--` for sweep, `--max-` for simulate)
 * @defaults: the value of a flag not given
 * @maxBlocks: the most blocks the command can handle
 */
export function readBounds(f: { readonly [K in keyof Bounds]?: string | undefined }, prefix: string, defaults: Bounds, maxBlocks: number): Loaded<Bounds> {
  const nodes = wholeNumber(`${prefix}nodes`, f.nodes, defaults.nodes, 1, LAYOUT_LIMITS.maxNodes);
  if (!nodes.ok) return nodes;
  const blocks = wholeNumber(`${prefix}blocks`, f.blocks, defaults.blocks, 1, maxBlocks);
  if (!blocks.ok) return blocks;
  const dimms = wholeNumber(`${prefix}dimms`, f.dimms, defaults.dimms, 0, LAYOUT_LIMITS.maxDimms);
  if (!dimms.ok) return dimms;
  const pmem = wholeNumber(`${prefix}pmem`, f.pmem, defaults.pmem, 0, LAYOUT_LIMITS.maxPmem);
  if (!pmem.ok) return pmem;
  return { ok: true, value: { nodes: nodes.value, blocks: blocks.value, dimms: dimms.value, pmem: pmem.value } };
}

export function parseBounds(f: BoundFlags): Loaded<Bounds> {
  const read = readBounds(f, '--', DEFAULT_BOUNDS, 16);
  if (!read.ok) return read;
  const bounds = read.value;
  const raw = rawLayoutsAbove(bounds);
  if (raw > MAX_RAW_LAYOUTS) {
    return fail(`--blocks ${bounds.blocks}: with --nodes ${bounds.nodes} --dimms ${bounds.dimms} --pmem ${bounds.pmem} that is up to ${raw.toExponential(1)} layouts to enumerate, above the limit of ${MAX_RAW_LAYOUTS.toLocaleString('en-US')}; lower a bound`);
  }
  return { ok: true, value: bounds };
}

/** `--kernel` values (repeatable, or `all`) as profile names. */
export function parseKernels(values: readonly string[]): Loaded<string[]> {
  if (values.length === 0 || values.includes('all')) return { ok: true, value: PROFILES.map((p) => p.name) };
  const out: string[] = [];
  for (const v of values) {
    const p = findProfile(v);
    if (!p) return fail(`--kernel ${v}: unknown kernel (one of ${PROFILES.map((x) => x.name).join(', ')}, or all)`);
    if (!out.includes(p.name)) out.push(p.name);
  }
  return { ok: true, value: out };
}

/** Checks the patches load, and names each by what a worker can load: a patch name or an absolute path. */
export async function parsePatches(values: readonly string[]): Promise<Loaded<string[]>> {
  const loaded = await resolvePatches(values);
  if (!loaded.ok) return loaded;
  return { ok: true, value: values.map((v) => (isPatchPath(v) && !isAbsolute(v) ? resolve(v) : v)) };
}

/**
 * patchIdentity() - how a patch is named in a sweep's labels and records
 *
 * A named patch by its name; a user patch by its file name and the first 12 hex digits of
 * the SHA-256 of its text (`fix.ts@3f2a9c0d1e4b`), not by where it sits: shards run from
 * different checkouts merge, and a sweep resumed after the file changed is refused.
 */
export function patchIdentity(patch: string): string {
  if (!isPatchPath(patch)) return patch;
  return `${basename(patch)}@${createHash('sha256').update(readFileSync(patch)).digest('hex').slice(0, 12)}`;
}

export const makeConfig = (kernel: string, patches: readonly string[]): RunConfig =>
  ({ label: configLabel(kernel, patches.map(patchIdentity)), kernel, patches });

export function parseProperties(values: readonly string[]): Loaded<string[]> {
  for (const v of values) {
    if (!findProperty(v)) return fail(`--property ${v}: unknown property (one of ${PROPERTIES.map((x) => x.name).join(', ')})`);
  }
  return { ok: true, value: [...values] };
}

export function parseShard(text: string | undefined): Loaded<Shard | null> {
  if (text === undefined) return { ok: true, value: null };
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text);
  if (!m) return fail(`--shard ${text}: expected i/n, e.g. 2/3`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return fail(`--shard ${text}: i must be between 1 and n`);
  return { ok: true, value: { index, count } };
}

export function parseJobs(text: string | undefined): Loaded<number> {
  return wholeNumber('--jobs', text, defaultJobs(), 1, 64);
}

/** `--max-states`: a positive number, or `none`; the default is DEFAULT_MAX_STATES. */
export function parseSweepMaxStates(text: string | undefined): Loaded<number | null> {
  if (text === undefined) return { ok: true, value: DEFAULT_MAX_STATES };
  if (text === 'none') return { ok: true, value: null };
  if (!/^[1-9][0-9]*$/.test(text)) return fail(`--max-states ${text}: must be a positive whole number, or none`);
  return { ok: true, value: Number(text) };
}
