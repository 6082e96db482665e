/**
 * importLayout() - `hpcheck layout import`: a layout file, as YAML text, from a boot log and/or
 * a sysfs copy. The result is checked with parseLayout(), the parser of hand-written layouts,
 * so what it prints is a layout `check` accepts.
 */
import { parseLayout } from '../model/layout/parse.ts';
import { parseRange, parseSize } from '../model/layout/sizes.ts';
import type { Layout } from '../model/layout/types.ts';
import { buildLayout, type RawLayout } from './build.ts';
import { readDmesg } from './dmesg.ts';
import type { Facts, Read } from './facts.ts';
import type { ImportOptions } from './options.ts';
import { features, shrinkLayout } from './small.ts';
import { readSysfs } from './sysfs.ts';

export interface ImportInput {
  /** The boot log's text and what to call it in messages. */
  readonly dmesg?: { readonly text: string; readonly source: string };
  /** A sysfs copy: a directory or a tar archive. */
  readonly sysfs?: string;
  readonly small: boolean;
  readonly options: ImportOptions;
}

export interface Imported {
  readonly yaml: string;
  readonly layout: Layout;
}

const flow = (o: Record<string, unknown>): string =>
  `{ ${Object.entries(o).map(([k, v]) => `${k}: ${typeof v === 'string' && /[:#{}\s,]/.test(v) ? JSON.stringify(v) : String(v)}`).join(', ')} }`;

/** toYaml() - the layout data as YAML in the style of model/layouts/, after `comments`. */
export function toYaml(raw: RawLayout, comments: readonly string[]): string {
  const list = (key: string, items: readonly Record<string, unknown>[]): string[] =>
    items.length === 0 ? [`${key}: []`] : [`${key}:`, ...items.map((i) => `  - ${flow(i)}`)];
  return [
    ...comments.map((c) => `# ${c}`.trimEnd()),
    `name: ${raw.name}`,
    `description: ${JSON.stringify(raw.description)}`,
    `geometry: ${flow(raw.geometry)}`,
    ...list('nodes', raw.nodes),
    ...list('boot', raw.boot),
    ...list('dimms', raw.dimms),
    ...list('pmem', raw.pmem),
    `platform: ${flow(raw.platform)}`,
    '',
  ].join('\n');
}

/**
 * The layout data read back without the model's limits (a real machine's full size may not
 * fit them; its small layout must).
 */
function shapeOf(raw: RawLayout): Layout {
  const r = (text: string): { start: number; end: number } => {
    const p = parseRange(text);
    if (!p.ok) throw new Error(`layout import built a bad range ${text}: ${p.error}`);
    return p.value;
  };
  const size = (text: string): number => {
    const p = parseSize(text);
    if (!p.ok) throw new Error(`layout import built a bad size ${text}`);
    return p.value;
  };
  const dma = raw.platform['dmaZoneEnd'];
  return {
    name: raw.name, description: raw.description,
    geometry: { sectionSize: size(raw.geometry.sectionSize), subsectionSize: size(raw.geometry.subsectionSize), blockSize: size(raw.geometry.blockSize) },
    nodes: raw.nodes,
    boot: raw.boot.map((b) => ({ node: b.node, ...r(b.range) })),
    dimms: raw.dimms.map((d) => ({ name: d.name, node: d.node, plugged: d.plugged, ...r(d.range) })),
    pmem: raw.pmem.map((p) => ({ name: p.name, node: p.node, ...r(p.range) })),
    platform: {
      vmemmap: 'huge', autoOnline: 'offline', deferredStructPageInit: false, debugVmPgflags: false, movableNode: false,
      dmaZoneEnd: typeof dma === 'string' ? size(dma) : 0,
    },
  };
}

function validate(raw: RawLayout, what: string): Read<Layout> {
  const r = parseLayout(JSON.stringify(raw), what);
  return r.ok ? { ok: true, value: r.layout } : { ok: false, error: `${r.error} (the machine does not fit the model${what.includes('small') ? '' : '; try --small'})` };
}

/**
 * importLayout() - read the sources, build the layout, shrink it with `small`, validate it.
 * Return: the YAML and the layout, or one line naming the input and what is wrong with it.
 */
export function importLayout(input: ImportInput): Read<Imported> {
  if (!input.dmesg && !input.sysfs) return { ok: false, error: 'layout import: give --dmesg FILE, --sysfs DIR, or both' };
  let dmesg: Facts | undefined;
  let sysfs: Facts | undefined;
  if (input.dmesg) {
    const d = readDmesg(input.dmesg.text, input.dmesg.source);
    if (!d.ok) return d;
    dmesg = d.value;
  }
  if (input.sysfs) {
    const s = readSysfs(input.sysfs);
    if (!s.ok) return s;
    sysfs = s.value;
  }
  const sources = [input.dmesg ? `boot log ${input.dmesg.source}` : '', input.sysfs ? `sysfs copy ${input.sysfs}` : ''].filter((x) => x).join(' and ');
  const built = buildLayout(dmesg, sysfs, input.options, sources);
  if (!built.ok) return built;
  const head = [`hpcheck layout import: from ${sources}`, ...built.value.comments];
  if (!input.small) {
    const full = validate(built.value.raw, 'imported layout');
    if (!full.ok) return full;
    const yaml = toYaml(built.value.raw, [...head, 'full size: for simulate (--small keeps the shape at the fewest blocks, for check and prove)']);
    return { ok: true, value: { yaml, layout: full.value } };
  }
  const s = shrinkLayout(shapeOf(built.value.raw), built.value.raw);
  const small = validate(s.raw, 'imported small layout');
  if (!small.ok) return small;
  const kept = ['--small: the shape at the fewest blocks, for check and prove; it keeps:', ...s.kept.map((k) => `  ${k}`), ...s.dropped.map((d) => `dropped: ${d}`)];
  return { ok: true, value: { yaml: toYaml(s.raw, [...head, ...kept]), layout: small.value } };
}

export { features };
