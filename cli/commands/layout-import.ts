/**
 * `hpcheck layout import`: a layout file from a boot log and/or a sysfs copy (layout-import/).
 * Prints the YAML on stdout (or writes --out); a bad input is one line on stderr and exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { importLayout } from '../../layout-import/import.ts';
import { parseCpus, parseDimmSpec, parseLmb, type DimmSpec, type ImportOptions } from '../../layout-import/options.ts';
import { parseSize } from '../../model/layout/sizes.ts';
import type { AutoOnline, Plugged, Vmemmap } from '../../model/layout/types.ts';
import { usageError as fail } from '../options/usage.ts';

interface ImportFlags {
  dmesg?: string; sysfs?: string; small?: boolean; name?: string; dimm: string[]; lmb: string[]; cpus?: string;
  vmemmap: string; presentDimms: string; autoOnline?: string; movableNode?: boolean; sectionSize?: string; out?: string;
}

const collect = (value: string, prev: string[]): string[] => [...prev, value];

function options(f: ImportFlags): ImportOptions {
  const dimms: DimmSpec[] = f.dimm.map((s) => { const d = parseDimmSpec(s); if (!d.ok) fail(d.error); return d.value; });
  const lmbs = f.lmb.map((s) => { const l = parseLmb(s); if (!l.ok) fail(l.error); return l.value; });
  let cpus: number[] | undefined;
  if (f.cpus !== undefined) { const c = parseCpus(f.cpus); if (!c.ok) fail(c.error); cpus = c.value; }
  let sectionSize: number | undefined;
  if (f.sectionSize !== undefined) { const s = parseSize(f.sectionSize); if (!s.ok || s.value === 0) fail(`--section-size ${f.sectionSize}: ${s.ok ? 'must not be 0' : s.error}`); sectionSize = s.value; }
  return {
    name: f.name ?? 'imported', dimms, lmbs, vmemmap: f.vmemmap as Vmemmap, presentDimms: f.presentDimms as Plugged,
    ...(cpus ? { cpus } : {}), ...(f.autoOnline ? { autoOnline: f.autoOnline as AutoOnline } : {}), ...(f.movableNode ? { movableNode: true } : {}), ...(sectionSize ? { sectionSize } : {}),
  };
}

function readLog(path: string): { text: string; source: string } {
  try {
    return path === '-' ? { text: readFileSync(0, 'utf8'), source: 'stdin' } : { text: readFileSync(path, 'utf8'), source: path };
  } catch (e) {
    return fail(`--dmesg ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function importCommand(f: ImportFlags): void {
  const r = importLayout({ ...(f.dmesg ? { dmesg: readLog(f.dmesg) } : {}), ...(f.sysfs ? { sysfs: f.sysfs } : {}), small: f.small === true, options: options(f) });
  if (!r.ok) fail(r.error);
  if (f.out) {
    try { writeFileSync(f.out, r.value.yaml); } catch (e) { fail(`--out ${f.out}: ${(e as Error).message}`); }
    process.stderr.write(`hpcheck: wrote ${f.out}\n`);
  } else process.stdout.write(r.value.yaml);
}

export function addLayoutCommand(p: Command): void {
  const layout = p.command('layout').description('layout files from a real machine');
  layout.command('import')
    .description('build a layout file from a boot log (dmesg) and/or a copy of /sys/devices/system')
    .option('--dmesg <file>', 'a boot log (dmesg, journalctl -k, a serial console log); - for standard input')
    .option('--sysfs <dir>', 'a copy of /sys/devices/system/{memory,node}: a directory or the tar archive (docs/walkthrough.md)')
    .option('--small', 'keep the machine\'s shape at the fewest blocks (for check and prove)')
    .option('--name <name>', 'the layout name (default "imported")')
    .option('--dimm <spec>', 'a DIMM not yet plugged: node=N,size=S[,at=ADDR][,plugged=no|acpi-early][,name=X] (repeatable)', collect, [])
    .option('--lmb <range>', 'a ppc64 LMB in boot memory (DLPAR-removable): 0x20000000-0x2fffffff (repeatable)', collect, [])
    .option('--cpus <nodes>', 'the nodes with CPUs, e.g. 0,1 (default: from the source)')
    .addOption(new Option('--vmemmap <mode>', 'vmemmap mapping').choices(['huge', 'base']).default('huge'))
    .addOption(new Option('--present-dimms <plugged>', 'how the DIMMs present in the sysfs copy were plugged').choices(['no', 'acpi-early', 'boot']).default('no'))
    .addOption(new Option('--auto-online <state>', 'memhp_default_state, when the source does not say').choices(['offline', 'online', 'online_kernel', 'online_movable']))
    .option('--movable-node', 'the kernel command line has movable_node (a sysfs copy cannot tell)')
    .option('--section-size <size>', 'model section size (default: the block size)')
    .option('--out <file>', 'write the layout to FILE instead of standard output')
    .action(importCommand);
}
