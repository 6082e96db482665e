/**
 * The sysfs view both sides are compared in: what guest/snap.sh prints about the real kernel,
 * and what the model predicts (model-view.ts), as the same plain data.
 */

export interface BlockView {
  readonly state: string;
  readonly phys_index: number;
  /** As sysfs prints it, space separated: "Normal Movable", "Movable", "none". */
  readonly valid_zones: string;
  /** The nodeK links inside memoryN/, ascending. */
  readonly nodes: readonly number[];
}

export interface ZoneView {
  readonly node: number;
  readonly zone: string;
  readonly start_pfn: number;
  readonly spanned: number;
  /**
   * present_pages - managed_pages: pages the zone has that the buddy allocator does not. In the
   * hotplug window these are the vmemmap pages of blocks that host their memmap
   * (model/memmap_on_memory.ts). Absent in snapshots that did not print managed (the 6.1
   * recordings made before it was added to snap.sh).
   */
  readonly reserved?: number;
}

export interface SysfsView {
  readonly online: readonly number[];
  readonly has_cpu: readonly number[];
  readonly has_memory: readonly number[];
  readonly has_normal_memory: readonly number[];
  readonly blocks: ReadonlyMap<number, BlockView>;
  /** Node directories that exist, with the memoryN links inside each, ascending. */
  readonly nodes: ReadonlyMap<number, readonly number[]>;
  /** Zones with spanned > 0. */
  readonly zones: readonly ZoneView[];
}

/** A node list as sysfs prints it ("0-2", "0,2", ""), as ids. */
export function parseNodeList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [a, b] = part.split('-').map((x) => Number.parseInt(x, 10));
    for (let i = a!; i <= (b ?? a!); i++) out.push(i);
  }
  return out;
}

function fields(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tok of line.split(' ')) {
    const eq = tok.indexOf('=');
    if (eq > 0) out[tok.slice(0, eq)] = tok.slice(eq + 1);
  }
  return out;
}

const ids = (csv: string | undefined, prefix: string): number[] =>
  (csv ?? '').split(',').filter((x) => x !== '').map((x) => Number.parseInt(x.replace(prefix, ''), 10)).sort((a, b) => a - b);

/**
 * parseSnapshot() - the lines of guest/snap.sh as a view.
 * Throws on a line it does not understand: that is a harness bug, not a kernel result.
 */
export function parseSnapshot(lines: readonly string[]): SysfsView {
  const g: Record<string, string> = {};
  const blocks = new Map<number, BlockView>();
  const nodes = new Map<number, number[]>();
  const zones: ZoneView[] = [];
  for (const line of lines) {
    const [kind, id] = line.split(' ');
    const f = fields(line);
    if (kind === 'G') Object.assign(g, f);
    else if (kind === 'B') {
      blocks.set(Number(id), {
        state: f['state']!,
        phys_index: Number.parseInt(f['phys_index']!, 16),
        valid_zones: (f['valid_zones'] ?? '').split(',').join(' '),
        nodes: ids(f['nodes'], 'node'),
      });
    } else if (kind === 'N') nodes.set(Number(id), ids(f['memory'], ''));
    else if (kind === 'Z') {
      const [, node, zone, start, spanned, present, managed] = line.split(' ');
      const reserved = managed === undefined ? {} : { reserved: Number(present) - Number(managed) };
      zones.push({ node: Number(node), zone: zone!, start_pfn: Number(start), spanned: Number(spanned), ...reserved });
    } else if (line.trim() !== '') throw new Error(`snap.sh printed an unexpected line: ${line}`);
  }
  if (g['online'] === undefined) throw new Error('snap.sh printed no node states');
  return {
    online: parseNodeList(g['online']),
    has_cpu: parseNodeList(g['has_cpu'] ?? ''),
    has_memory: parseNodeList(g['has_memory'] ?? ''),
    has_normal_memory: parseNodeList(g['has_normal_memory'] ?? ''),
    blocks,
    nodes,
    zones,
  };
}
