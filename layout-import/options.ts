/**
 * What the sources cannot tell, given on the command line: DIMMs not yet plugged, ppc64 LMBs,
 * which nodes have CPUs, vmemmap mode, and how the DIMMs present now got there.
 */
import { parseRange, parseSize } from '../model/layout/sizes.ts';
import type { AutoOnline, Plugged, Vmemmap } from '../model/layout/types.ts';
import type { Read } from './facts.ts';

export interface DimmSpec {
  readonly node: number;
  readonly size: number;
  readonly at?: number;
  readonly plugged: Plugged;
  readonly name?: string;
}

export interface ImportOptions {
  readonly name: string;
  readonly dimms: readonly DimmSpec[];
  /** Boot ranges that are ppc64 LMBs: DLPAR-removable, `plugged: boot` DIMMs. */
  readonly lmbs: readonly { start: number; end: number }[];
  readonly cpus?: readonly number[];
  readonly vmemmap: Vmemmap;
  readonly presentDimms: Plugged;
  readonly autoOnline?: AutoOnline;
  /** The movable_node boot parameter, for a sysfs copy (a boot log's command line says it). */
  readonly movableNode?: boolean;
  readonly sectionSize?: number;
}

const PLUGGED = new Set(['boot', 'acpi-early', 'no']);

/** `node=1,size=256M[,at=0x100000000][,plugged=no][,name=dimm1]` as a DIMM. */
export function parseDimmSpec(spec: string): Read<DimmSpec> {
  const kv = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, error: `--dimm ${spec}: "${part}" is not KEY=VALUE (node=N,size=S[,at=ADDR][,plugged=no|acpi-early][,name=X])` };
    kv.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const k of kv.keys()) if (!['node', 'size', 'at', 'plugged', 'name'].includes(k)) return { ok: false, error: `--dimm ${spec}: unknown key "${k}"` };
  const node = Number(kv.get('node'));
  if (!kv.has('node') || !Number.isInteger(node) || node < 0) return { ok: false, error: `--dimm ${spec}: node: a node id is required` };
  const size = parseSize(kv.get('size') ?? '');
  if (!size.ok || size.value === 0) return { ok: false, error: `--dimm ${spec}: size: ${size.ok ? 'must not be 0' : size.error}` };
  const plugged = kv.get('plugged') ?? 'no';
  if (!PLUGGED.has(plugged)) return { ok: false, error: `--dimm ${spec}: plugged: "${plugged}" is not boot, acpi-early or no` };
  let at: number | undefined;
  if (kv.has('at')) {
    const a = parseSize(kv.get('at'));
    if (!a.ok) return { ok: false, error: `--dimm ${spec}: at: ${a.error}` };
    at = a.value;
  }
  const name = kv.get('name');
  return { ok: true, value: { node, size: size.value, plugged: plugged as Plugged, ...(at !== undefined ? { at } : {}), ...(name ? { name } : {}) } };
}

export function parseLmb(spec: string): Read<{ start: number; end: number }> {
  const r = parseRange(spec);
  return r.ok ? r : { ok: false, error: `--lmb ${spec}: ${r.error}` };
}

export function parseCpus(spec: string): Read<number[]> {
  const ids = spec.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);
  if (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n < 0)) return { ok: false, error: `--cpus ${spec}: expected node ids such as 0,1` };
  return { ok: true, value: ids };
}
