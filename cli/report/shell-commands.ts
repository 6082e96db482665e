/**
 * What a person or the firmware does to cause each action: boot-log lines, QEMU monitor
 * commands, sysfs writes, drmgr and ndctl.
 */
import type { Action } from '../../model/actions.ts';
import { rangeText } from '../../model/decode.ts';
import type { Geometry } from '../../model/geometry.ts';
import { formatRange, formatSize } from '../../model/layout/sizes.ts';
import type { Kstate } from '../../model/state.ts';

const ERRNO_TEXT: Record<number, string> = {
  6: 'No such device or address', 16: 'Device or resource busy', 17: 'File exists', 22: 'Invalid argument',
};
export const errnoText = (e: number): string => `${ERRNO_TEXT[e] ?? 'error'}`;

function bootLog(g: Geometry): string[] {
  const lines = ['[    0.000000] Early memory node ranges'];
  const ranges = [...g.layout.boot, ...g.layout.dimms.filter((d) => d.plugged === 'boot')].sort((a, b) => a.start - b.start);
  for (const r of ranges) lines.push(`[    0.000000]   node   ${r.node}: [mem ${formatRange(r)}]`);
  return lines;
}

function bootCommand(g: Geometry, a: Action): string[] {
  if (a.name === 'sparse_init') return bootLog(g);
  if (a.name === 'rest_init') return ['(boot) rest_init(): system_state = SYSTEM_SCHEDULING'];
  if (a.name === 'memory_dev_init') return ['(boot) driver_init() -> memory_dev_init(): /sys/devices/system/memory/memoryN for boot memory'];
  if (a.name.includes('register_one_node')) {
    const nid = Number(/\((\d+)\)/.exec(a.name)?.[1]);
    const span = g.bootSpans[nid];
    const where = span ? `span [mem ${rangeText(g, span[0], span[1])}]` : 'no memory';
    return [`(boot) ${a.name.split(':')[0]}() -> register_one_node(${nid}): node${nid}, ${where}`];
  }
  return [`(boot) kernel_init(): free_initmem(); system_state = SYSTEM_RUNNING (boot nodes registered: ${g.bootNodeIds.join(', ')})`];
}

function dimmCommand(g: Geometry, a: Action, before: Kstate): string[] {
  const d = g.layout.dimms[a.arg]!;
  const size = formatSize(d.end - d.start);
  if (d.plugged === 'boot') {
    const verb = a.kind === 'add_memory' ? '-a' : '-r';
    return [`# drmgr -c mem ${verb} -s ${d.name}        (DLPAR, [mem ${formatRange(d)}], node ${d.node})`];
  }
  if (a.kind === 'remove_memory') return [`(qemu) device_del ${d.name}`];
  if (d.plugged === 'acpi-early' && before.systemState < 2) {
    return [`(firmware) ${d.name} present at power-on; acpi_memory_device_add() -> __add_memory(${d.node}, [mem ${formatRange(d)}]) in SYSTEM_SCHEDULING`];
  }
  return [
    `(qemu) object_add memory-backend-ram,id=mem-${d.name},size=${size}`,
    `(qemu) device_add pc-dimm,id=${d.name},memdev=mem-${d.name},node=${d.node}`,
  ];
}

/** The commands for action `a` taken in state `before`. */
export function actionCommands(g: Geometry, a: Action, before: Kstate): string[] {
  switch (a.kind) {
    case 'boot': return bootCommand(g, a);
    case 'add_memory':
    case 'remove_memory': return dimmCommand(g, a, before);
    case 'online': return [`# echo ${a.onlineType} > /sys/devices/system/memory/memory${a.arg}/state`];
    case 'offline': return [`# echo offline > /sys/devices/system/memory/memory${a.arg}/state`];
    case 'memremap_pages': return [`# ndctl create-namespace --mode=devdax -e ${g.layout.pmem[a.arg]!.name}      (memremap_pages)`];
    case 'memunmap_pages': return [`# ndctl disable-namespace ${g.layout.pmem[a.arg]!.name}      (memunmap_pages)`];
  }
}
