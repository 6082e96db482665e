/**
 * parseLayout() - read a layout file (docs/cli.md#layout-files) into a validated `Layout`.
 *
 * A bad layout is a user mistake, so it comes back as a value: one line,
 * `<source>: <field path>: <reason>`, naming the first problem found. Checks, in order:
 *   - the YAML (or JSON) syntax;
 *   - the shape (schema.ts): strict keys, types, sizes and ranges that parse, defaults;
 *   - geometry: sizes are non-zero powers of two, subsectionSize divides sectionSize, which
 *     divides blockSize, at most LAYOUT_LIMITS.maxSubsectionsPerSection subsections a section;
 *   - nodes: at least one, at most maxNodes, ids unique in 0..maxNodeId, one with cpus: true;
 *   - boot: at least one range, on declared nodes, subsection aligned;
 *   - dimms: at most maxDimms, on declared nodes, block aligned (hot-added blocks are whole and
 *     single-node);
 *   - pmem: at most maxPmem, on declared nodes that are online at boot (with CPUs or boot
 *     RAM), subsection aligned;
 *   - dimm and pmem names unique across both lists;
 *   - no two ranges overlap (boot, dimms, pmem);
 *   - the highest address fits in maxSections sections.
 *
 * Model: a DIMM never shares a memory block with another range. This is implied by the last
 * checks: a block-aligned DIMM covers whole blocks, so any range in one of them overlaps it.
 */

import { parseDocument } from 'yaml';
import { describeIssues, layoutSchema, type ShapedLayout } from './schema.ts';
import { formatAddress, formatRange, formatSize } from './sizes.ts';
import { LAYOUT_LIMITS, type Layout, type Range } from './types.ts';

export type ParseLayoutResult = { ok: true; layout: Layout } | { ok: false; error: string };

interface Problem {
  readonly path: string;
  readonly reason: string;
}

/** A range of the layout with the field that declared it, e.g. `dimms[0].range`. */
interface Placed {
  readonly field: string;
  readonly range: Range;
}

type Check = (l: ShapedLayout) => Problem | undefined;

const at = (path: string, reason: string): Problem => ({ path, reason });

/**
 * parseLayout() - parse and validate a layout.
 * @text: the file contents, YAML or JSON.
 * @source: what to call the file in messages (its path, or the built-in name).
 *
 * Return: the layout, or one line naming the source, the field and the reason. Never throws
 * for bad input.
 */
export function parseLayout(text: string, source: string): ParseLayoutResult {
  const doc = readYaml(text);
  if (!doc.ok) return fail(source, doc.error);
  const shaped = layoutSchema.safeParse(doc.value, { reportInput: true });
  if (!shaped.success) return fail(source, describeIssues(shaped.error.issues));
  for (const check of CHECKS) {
    const p = check(shaped.data);
    if (p) return fail(source, `${p.path}: ${p.reason}`);
  }
  return { ok: true, layout: toLayout(shaped.data) };
}

/**
 * One line, whatever the file held: newlines folded, other control characters shown as `?`,
 * and the echo of a value cut (a binary file is not printed back to the terminal).
 */
function fail(source: string, message: string): ParseLayoutResult {
  const line = message.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\x00-\x1f\x7f-\x9f\ufffd]/g, '?');
  const cut = line.length > 300 ? `${line.slice(0, 300)}... (cut)` : line;
  return { ok: false, error: `${source}: ${cut}` };
}

function readYaml(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const doc = parseDocument(text);
  const err = doc.errors[0];
  if (err) {
    const first =
      err.code === 'MULTIPLE_DOCS'
        ? 'a layout file holds a single YAML document'
        : (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const line = err.linePos?.[0].line;
    return { ok: false, error: line === undefined ? first : `line ${line}: ${first}` };
  }
  try {
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return { ok: false, error: 'empty layout (expected a mapping with name, geometry, nodes and boot)' };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const isPowerOfTwo = (v: number): boolean => v > 0 && 2 ** Math.round(Math.log2(v)) === v;

function checkGeometry({ geometry: g }: ShapedLayout): Problem | undefined {
  for (const key of ['sectionSize', 'subsectionSize', 'blockSize'] as const) {
    if (g[key] === 0) return at(`geometry.${key}`, 'must not be zero');
    if (!isPowerOfTwo(g[key])) return at(`geometry.${key}`, `${formatSize(g[key])} is not a power of two`);
  }
  if (g.sectionSize % g.subsectionSize !== 0) {
    return at('geometry.subsectionSize', `must divide sectionSize (${formatSize(g.sectionSize)})`);
  }
  if (g.blockSize % g.sectionSize !== 0) {
    return at('geometry.blockSize', `must be a multiple of sectionSize (${formatSize(g.sectionSize)})`);
  }
  const perSection = g.sectionSize / g.subsectionSize;
  if (perSection > LAYOUT_LIMITS.maxSubsectionsPerSection) {
    return at(
      'geometry.subsectionSize',
      `${perSection} subsections per section, above the model limit of ${LAYOUT_LIMITS.maxSubsectionsPerSection}`,
    );
  }
  return undefined;
}

function checkNodes({ nodes }: ShapedLayout): Problem | undefined {
  if (nodes.length === 0) return at('nodes', 'at least one node is required');
  if (nodes.length > LAYOUT_LIMITS.maxNodes) {
    return at('nodes', `${nodes.length} nodes, above the model limit of ${LAYOUT_LIMITS.maxNodes}`);
  }
  for (const [i, n] of nodes.entries()) {
    if (n.id < 0 || n.id > LAYOUT_LIMITS.maxNodeId) {
      return at(`nodes[${i}].id`, `node id ${n.id} is outside 0..${LAYOUT_LIMITS.maxNodeId} (the model limit)`);
    }
    const first = nodes.findIndex((m) => m.id === n.id);
    if (first !== i) return at(`nodes[${i}].id`, `node ${n.id} is declared twice (also nodes[${first}])`);
  }
  if (!nodes.some((n) => n.cpus)) return at('nodes', 'no node has cpus: true (a machine needs a CPU)');
  return undefined;
}

/** checkPlaced() - the per-range rules of one list: count, declared node, alignment. */
function checkPlaced(
  l: ShapedLayout,
  list: 'boot' | 'dimms' | 'pmem',
  limit: number,
  unitName: 'subsectionSize' | 'blockSize',
): Problem | undefined {
  const entries: readonly { node: number; range: Range }[] = l[list];
  if (entries.length > limit) return at(list, `${entries.length} entries, above the model limit of ${limit}`);
  for (const [i, e] of entries.entries()) {
    if (!l.nodes.some((n) => n.id === e.node)) return at(`${list}[${i}].node`, `node ${e.node} is not declared in nodes`);
    const p = checkAligned(`${list}[${i}].range`, e.range, l.geometry[unitName], unitName);
    if (p) return p;
  }
  return undefined;
}

function checkAligned(field: string, r: Range, unit: number, unitName: string): Problem | undefined {
  const what = `${unitName} (${formatSize(unit)})`;
  if (r.start % unit !== 0) return at(field, `start ${formatAddress(r.start)} is not aligned to ${what}`);
  if (r.end % unit !== 0) {
    const hint =
      (r.end - 1) % unit === 0 ? `; the end is inclusive, as in the boot log: did you mean ${formatAddress(r.end - 2)}?` : '';
    return at(field, `range ${formatRange(r)} does not end on a ${what} boundary${hint}`);
  }
  return undefined;
}

function checkBoot(l: ShapedLayout): Problem | undefined {
  if (l.boot.length === 0) return at('boot', 'at least one boot range is required');
  // Ranges are subsection-aligned and disjoint below maxSections: no more can fit, and the
  // overlap check below is quadratic, so a count beyond this is refused first.
  return checkPlaced(l, 'boot', LAYOUT_LIMITS.maxSections * LAYOUT_LIMITS.maxSubsectionsPerSection, 'subsectionSize');
}

const checkDimms: Check = (l) => checkPlaced(l, 'dimms', LAYOUT_LIMITS.maxDimms, 'blockSize');
/**
 * Kernel: drivers/acpi/nfit/core.c acpi_nfit_register_region() gives the region
 * `numa_node = pxm_to_online_node(pxm)` (acpi_map_pxm_to_online_node() before v5.10) and
 * keeps the real node only as `target_node`; devm_memremap_pages() passes dev_to_node(), so
 * memremap_pages() never grows the span of an offline node. A pmem range on a node that is
 * offline at boot would model a state the kernel cannot reach.
 */
function checkPmem(l: ShapedLayout): Problem | undefined {
  const placedProblem = checkPlaced(l, 'pmem', LAYOUT_LIMITS.maxPmem, 'subsectionSize');
  if (placedProblem) return placedProblem;
  for (const [i, p] of l.pmem.entries()) {
    const online = l.nodes.some((n) => n.id === p.node && n.cpus) || l.boot.some((b) => b.node === p.node);
    if (!online) {
      return at(`pmem[${i}].node`, `node ${p.node} is offline at boot (no CPUs, no boot RAM); firmware gives a pmem ` +
        'region an online node (pxm_to_online_node() in drivers/acpi/nfit/core.c), so put it on one');
    }
  }
  return undefined;
}

function checkNames(l: ShapedLayout): Problem | undefined {
  const named = [
    ...l.dimms.map((d, i) => ({ field: `dimms[${i}]`, name: d.name })),
    ...l.pmem.map((p, i) => ({ field: `pmem[${i}]`, name: p.name })),
  ];
  for (const [i, n] of named.entries()) {
    const first = named.findIndex((m) => m.name === n.name);
    if (first !== i) return at(`${n.field}.name`, `"${n.name}" is already the name of ${named[first]?.field}`);
  }
  return undefined;
}

function placed(l: ShapedLayout): Placed[] {
  return (['boot', 'dimms', 'pmem'] as const).flatMap((list) =>
    l[list].map((e: { range: Range }, i) => ({ field: `${list}[${i}].range`, range: e.range })),
  );
}

function checkOverlaps(l: ShapedLayout): Problem | undefined {
  const all = placed(l);
  for (const [j, b] of all.entries()) {
    const a = all.slice(0, j).find((x) => x.range.start < b.range.end && b.range.start < x.range.end);
    if (a) return at(b.field, `overlaps ${a.field} (${formatRange(a.range)})`);
  }
  return undefined;
}

function checkSections(l: ShapedLayout): Problem | undefined {
  const { sectionSize } = l.geometry;
  const limit = LAYOUT_LIMITS.maxSections * sectionSize;
  const beyond = placed(l).find((p) => p.range.end > limit);
  if (!beyond) return undefined;
  return at(
    beyond.field,
    `ends at ${formatAddress(beyond.range.end - 1)}, beyond the model limit of ${LAYOUT_LIMITS.maxSections} sections ` +
      `of ${formatSize(sectionSize)} (the last address allowed is ${formatAddress(limit - 1)})`,
  );
}

const CHECKS: readonly Check[] = [checkGeometry, checkNodes, checkBoot, checkDimms, checkPmem, checkNames, checkOverlaps, checkSections];

function toLayout(l: ShapedLayout): Layout {
  const flat = <T extends { range: Range }>({ range, ...rest }: T) => ({ ...rest, start: range.start, end: range.end });
  return {
    name: l.name,
    description: l.description,
    geometry: l.geometry,
    nodes: [...l.nodes].sort((a, b) => a.id - b.id),
    boot: l.boot.map(flat),
    dimms: l.dimms.map(flat),
    pmem: l.pmem.map(flat),
    platform: l.platform,
  };
}
