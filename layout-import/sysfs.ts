/**
 * readSysfs() - the memory layout facts of a copy of /sys/devices/system/{memory,node}.
 *
 * The copy is a directory (or a tar archive of one) with `memory/` and `node/` in it, as the
 * one-line tar command of docs/walkthrough.md makes. Files copied by GNU tar from sysfs come
 * padded with NUL bytes to 4096 (sysfs reports that size); the padding is dropped.
 *
 * Read (6.1, drivers/base/memory.c and drivers/base/node.c):
 *   - memory/block_size_bytes (hex), memory/auto_online_blocks;
 *   - memory/memoryN/phys_index (hex, the block id: the block starts at id * block size),
 *     memoryN/state, the nodeK link(s) in memoryN/, and memoryN/firmware_node: the ACPI
 *     memory device (PNP0C80) the block belongs to (drivers/acpi/acpi_memhotplug.c
 *     acpi_bind_memory_blocks()), so blocks with the same firmware_node are one DIMM;
 *   - memoryN/valid_zones of memory0: "none" for an online block spanning two zones (ZONE_DMA
 *     and the zone above on x86_64);
 *   - node/possible, nodeK/cpulist.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNodeList } from '../conformance/view.ts';
import type { AutoOnline } from '../model/layout/types.ts';
import { emptyFacts, type Facts, type Read } from './facts.ts';

const AUTO_ONLINE = new Set(['offline', 'online', 'online_kernel', 'online_movable']);

interface Block {
  readonly id: number;
  readonly nodes: number[];
  readonly firmware: string | null;
  readonly state: string;
  readonly validZones: string;
}

const text = (path: string): string | null => {
  try {
    return readFileSync(path, 'latin1').replace(/\0+$/, '').trim();
  } catch {
    return null;
  }
};

/** The directory holding memory/ and node/: `dir` itself, or its sys/devices/system. */
function findRoot(dir: string): string | null {
  for (const d of [dir, join(dir, 'sys/devices/system'), join(dir, 'devices/system'), join(dir, 'system')]) {
    if (existsSync(join(d, 'memory/block_size_bytes'))) return d;
  }
  return null;
}

function readBlock(root: string, name: string): Read<Block> {
  const dir = join(root, 'memory', name);
  const id = Number(name.slice('memory'.length));
  const phys = text(join(dir, 'phys_index'));
  if (phys !== null && Number.parseInt(phys, 16) !== id) return { ok: false, error: `memory/${name}/phys_index: ${phys} is not block ${id}` };
  const entries = readdirSync(dir);
  const nodes = entries.filter((e) => /^node\d+$/.test(e)).map((e) => Number(e.slice(4))).sort((a, b) => a - b);
  let firmware: string | null = null;
  if (entries.includes('firmware_node')) {
    const p = join(dir, 'firmware_node');
    firmware = lstatSync(p).isSymbolicLink() ? readlinkSync(p) : 'firmware_node';
  }
  return { ok: true, value: { id, nodes, firmware, state: text(join(dir, 'state')) ?? '', validZones: text(join(dir, 'valid_zones')) ?? '' } };
}

/** Blocks in address order, then runs of consecutive blocks with the same node and firmware node. */
function runs(blocks: readonly Block[]): Block[][] {
  const out: Block[][] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && prev.id + 1 === b.id && prev.nodes[0] === b.nodes[0] && prev.firmware === b.firmware) last!.push(b);
    else out.push([b]);
  }
  return out;
}

function readNodes(root: string, f: Facts): void {
  const possible = text(join(root, 'node/possible'));
  for (const n of parseNodeList(possible ?? '')) f.nodes.add(n);
  if (!existsSync(join(root, 'node'))) return;
  for (const e of readdirSync(join(root, 'node'))) {
    const m = /^node(\d+)$/.exec(e);
    if (!m) continue;
    f.nodes.add(Number(m[1]));
    const cpus = text(join(root, 'node', e, 'cpulist'));
    if (cpus === null) continue;
    f.cpusKnown = true;
    if (cpus !== '') f.cpuNodes.add(Number(m[1]));
  }
}

function readTree(root: string, source: string): Read<Facts> {
  const f = emptyFacts();
  const bs = text(join(root, 'memory/block_size_bytes'));
  if (bs === null || !/^[0-9a-fA-F]+$/.test(bs)) return { ok: false, error: `${source}: memory/block_size_bytes: cannot read "${bs}" (hex expected)` };
  f.blockSize = Number.parseInt(bs, 16);
  const auto = text(join(root, 'memory/auto_online_blocks'));
  if (auto !== null && AUTO_ONLINE.has(auto)) f.autoOnline = auto as AutoOnline;
  readNodes(root, f);
  const blocks: Block[] = [];
  for (const e of readdirSync(join(root, 'memory')).filter((x) => /^memory\d+$/.test(x))) {
    const b = readBlock(root, e);
    if (!b.ok) return { ok: false, error: `${source}: ${b.error}` };
    if (b.value.nodes.length === 0) return { ok: false, error: `${source}: memory/${e}: no nodeK link (copy the links too: see the tar command in docs/walkthrough.md)` };
    if (b.value.nodes.length > 1) f.notes.push(`memory${b.value.id} is linked under nodes ${b.value.nodes.join(' and ')}: its memory is put on node ${b.value.nodes[0]}`);
    blocks.push(b.value);
  }
  if (blocks.length === 0) return { ok: false, error: `${source}: memory/: no memoryN directories` };
  blocks.sort((a, b) => a.id - b.id);
  const size = f.blockSize;
  let dimm = 0;
  for (const run of runs(blocks)) {
    const node = run[0]!.nodes[0]!;
    const r = { node, start: run[0]!.id * size, end: (run[run.length - 1]!.id + 1) * size };
    f.nodes.add(node);
    if (run[0]!.firmware === null) f.boot.push(r);
    else f.dimms.push({ ...r, name: `dimm${dimm++}`, plugged: 'no' });
  }
  const b0 = blocks[0]!;
  if (b0.id === 0 && b0.state === 'online' && b0.validZones === 'none') {
    f.arch = 'x86_64';
    f.dmaZoneEnd = 16 * 1024 * 1024;
    f.notes.push('memory0 is online with valid_zones "none": it spans ZONE_DMA and the zone above (x86_64 MAX_DMA_PFN, 16M)');
  }
  return { ok: true, value: f };
}

/**
 * readSysfs() - read a sysfs copy: a directory, or a tar archive (extracted with tar(1) into a
 * temporary directory). Return: the facts, or one line naming the file and the problem.
 */
export function readSysfs(path: string): Read<Facts> {
  let st;
  try {
    st = statSync(path);
  } catch {
    return { ok: false, error: `--sysfs ${path}: no such file or directory` };
  }
  if (st.isDirectory()) {
    const root = findRoot(path);
    if (!root) return { ok: false, error: `--sysfs ${path}: no memory/block_size_bytes in it (a copy of /sys/devices/system is expected)` };
    return readTree(root, path);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'hpcheck-sysfs-'));
  try {
    try {
      execFileSync('tar', ['-xf', path, '-C', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      return { ok: false, error: `--sysfs ${path}: not a directory, and tar cannot extract it: ${String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0]}` };
    }
    const root = findRoot(tmp);
    if (!root) return { ok: false, error: `--sysfs ${path}: the archive has no memory/block_size_bytes` };
    return readTree(root, path);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
