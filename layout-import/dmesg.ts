/**
 * readDmesg() - the memory layout facts of a Linux boot log.
 *
 * Lines read (each with the kernel code that prints it):
 *   - "Early memory node ranges" and "  node   N: [mem 0x...-0x...]": mm/page_alloc.c
 *     free_area_init() (6.1; mm/mm_init.c later), the memblock ranges per node, in the order
 *     the kernel walks them;
 *   - "ACPI: SRAT: Node N PXM M [mem 0x...-0x...] hotplug": drivers/acpi/numa/srat.c
 *     acpi_numa_memory_affinity_init(); without "ACPI: " in kernels before 4.x;
 *   - "SRAT: PXM M -> APIC 0x.. -> Node N" (and X2APIC): arch/x86/mm/srat.c, a CPU on node N;
 *   - "numa: Node N CPUs: 0-7": arch/powerpc/mm/numa.c dump_numa_cpu_topology();
 *   - "Initializing node N as memoryless": arch/x86/mm/numa.c;
 *   - "x86/mm: Memory block size: 128MB": arch/x86/mm/init_64.c probe_memory_block_size();
 *   - "BIOS-e820: [mem ...] usable | persistent (type 12)": arch/x86/kernel/e820.c;
 *   - "Zone ranges:" then "  DMA [mem ...]": the end of ZONE_DMA;
 *   - "Command line:" / "Kernel command line:": memhp_default_state=, movable_node;
 *   - "node N deferred pages initialised": mm/page_alloc.c deferred_init_memmap().
 * Everything else is ignored. A line that starts like one of these but does not parse is an
 * error naming the line: the importer never guesses around a line it cannot read.
 */
import type { AutoOnline } from '../model/layout/types.ts';
import { emptyFacts, type Facts, type Read } from './facts.ts';

const HEX = '0x([0-9a-fA-F]+)';
const MEM = `\\[mem ${HEX}-${HEX}\\]`;
const AUTO_ONLINE = new Set(['offline', 'online', 'online_kernel', 'online_movable']);

/** A boot log line without its "[    0.123456] " time stamp, "<6>" level or journal prefix. */
export function stripPrefix(line: string): string {
  return line
    .replace(/^.*?\bkernel: /, '')
    .replace(/^<\d+>/, '')
    .replace(/^\[\s*\d+\.\d+\]\s?/, '')
    .replace(/\r$/, '');
}

const range = (m: RegExpExecArray, i: number): { start: number; end: number } => ({
  start: Number.parseInt(m[i]!, 16), end: Number.parseInt(m[i + 1]!, 16) + 1,
});

interface Rule {
  /** Lines this rule owns: if `starts` matches but `re` does not, the line is an error. */
  readonly starts: RegExp;
  readonly re: RegExp;
  readonly what: string;
  readonly apply: (m: RegExpExecArray, f: Facts) => void;
}

const RULES: readonly Rule[] = [
  {
    starts: /^\s*node\s+\d+: \[mem/, re: new RegExp(`^\\s*node\\s+(\\d+): ${MEM}\\s*$`), what: 'an "Early memory node ranges" line',
    apply: (m, f) => { const n = Number(m[1]); f.nodes.add(n); f.boot.push({ node: n, ...range(m, 2) }); },
  },
  {
    starts: /^(ACPI: )?SRAT: Node \d/, re: new RegExp(`^(?:ACPI: )?SRAT: Node (\\d+) PXM (\\d+) ${MEM}((?: hotplug| non-volatile)*)\\s*$`), what: 'an SRAT memory affinity line',
    apply: (m, f) => {
      const n = Number(m[1]);
      f.arch = 'x86_64';
      f.nodes.add(n);
      if (/hotplug/.test(m[5] ?? '')) f.hotplugWindows.push({ node: n, ...range(m, 3) });
    },
  },
  {
    starts: /^SRAT: PXM \d+ -> (X2)?APIC/, re: /^SRAT: PXM (\d+) -> (?:X2)?APIC 0x[0-9a-fA-F]+ -> Node (\d+)\s*$/, what: 'an SRAT CPU affinity line',
    apply: (m, f) => { const n = Number(m[2]); f.nodes.add(n); f.cpuNodes.add(n); f.cpusKnown = true; },
  },
  {
    starts: /^numa: Node \d+ CPUs:/, re: /^numa: Node (\d+) CPUs:((?: ?\d+(?:-\d+)?)*)\s*$/, what: 'a "numa: Node N CPUs:" line',
    apply: (m, f) => {
      const n = Number(m[1]);
      f.arch = 'ppc64';
      f.nodes.add(n);
      f.cpusKnown = true;
      if ((m[2] ?? '').trim() !== '') f.cpuNodes.add(n);
    },
  },
  {
    starts: /^Initializing node \d+ as memoryless/, re: /^Initializing node (\d+) as memoryless\s*$/, what: 'a memoryless node line',
    apply: (m, f) => { f.nodes.add(Number(m[1])); },
  },
  {
    starts: /Memory block size: /, re: /^(?:x86\/mm: )?Memory block size: (\d+)MB\s*$/, what: 'the memory block size line',
    apply: (m, f) => { f.blockSize = Number(m[1]) * 1024 * 1024; },
  },
  {
    starts: /^BIOS-e820: /, re: new RegExp(`^BIOS-e820: ${MEM} (.+?)\\s*$`), what: 'a BIOS-e820 line',
    apply: (m, f) => {
      f.arch = 'x86_64';
      const r = range(m, 1);
      if (m[3] === 'usable') f.e820Usable.push(r);
      else if (/^persistent/.test(m[3]!)) f.pmem.push({ node: -1, ...r });
    },
  },
  {
    starts: /^\s+DMA\s+\[mem/, re: new RegExp(`^\\s+DMA\\s+${MEM}\\s*$`), what: 'the ZONE_DMA line of "Zone ranges"',
    apply: (m, f) => { f.dmaZoneEnd = range(m, 1).end; },
  },
  {
    starts: /^node \d+ deferred pages initialised/, re: /^node \d+ deferred pages initialised in \d+ms\s*$/, what: 'a deferred pages line',
    apply: (_m, f) => { f.deferredStructPageInit = true; },
  },
];

/** memhp_default_state= and movable_node from the kernel command line. */
function readCmdline(text: string, f: Facts): string | undefined {
  f.movableNode ??= false;
  for (const opt of text.trim().split(/\s+/)) {
    if (opt === 'movable_node') f.movableNode = true;
    const m = /^memhp_default_state=(.*)$/.exec(opt);
    if (m) {
      if (!AUTO_ONLINE.has(m[1]!)) return `memhp_default_state=${m[1]} is not one of offline, online, online_kernel, online_movable`;
      f.autoOnline = m[1] as AutoOnline;
    }
  }
  return undefined;
}

/**
 * readDmesg() - read `text`, a boot log named `source` in messages.
 * Return: the facts, or `source:LINE: <the line>: cannot read <what>` for a line that starts
 * like a layout line but does not parse; an error too when the log has no memory ranges at all.
 */
export function readDmesg(text: string, source: string): Read<Facts> {
  const f = emptyFacts();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = stripPrefix(lines[i]!);
    const cmd = /^(?:Kernel )?[Cc]ommand line: (.*)$/.exec(line);
    if (cmd) {
      const bad = readCmdline(cmd[1]!, f);
      if (bad) return { ok: false, error: `${source}:${i + 1}: ${bad}` };
      continue;
    }
    for (const r of RULES) {
      if (!r.starts.test(line)) continue;
      const m = r.re.exec(line);
      if (!m) return { ok: false, error: `${source}:${i + 1}: "${line.trim()}": cannot read ${r.what}` };
      r.apply(m, f);
      break;
    }
  }
  if (f.boot.length === 0 && f.e820Usable.length === 0) {
    return { ok: false, error: `${source}: no "Early memory node ranges" and no BIOS-e820 usable lines: is this a Linux boot log (dmesg)?` };
  }
  if (f.boot.length === 0) {
    for (const r of f.e820Usable) f.boot.push({ node: 0, ...r });
    f.nodes.add(0);
    f.notes.push('boot memory: the BIOS-e820 usable ranges, all on node 0 (the log has no "Early memory node ranges")');
  }
  return { ok: true, value: f };
}
