/**
 * What the real kernel prints at a counterexample's violating step: the oops for a crash,
 * the dump_page() lines for a checked read of a poisoned memmap, or a note that it prints
 * nothing, which is the usual case for a sysfs or memmap inconsistency.
 */
import type { Action } from '../../model/actions.ts';
import { BugKind, Fn, ReadKind, codeFn, codeKind, fnFile, fnName } from '../../model/bugs.ts';
import type { Geometry } from '../../model/geometry.ts';
import type { Behaviour } from '../../model/kernels/behaviour.ts';
import { Memmap, maskBits, type Kstate } from '../../model/state.ts';
import { readKernel, subRange } from '../../properties/helpers.ts';

/**
 * The callers of each action, innermost first, as the seed threads' call traces show them.
 * Kernel: seed 000 (add_memory_resource <- __add_memory <- dlpar_add_lmb <- dlpar_memory <-
 * handle_dlpar_errorlog <- dlpar_store, v5.9-rc1 ppc64); seed 004 (memmap_init_zone <-
 * move_pfn_range_to_zone <- memremap_pages <- devm_memremap_pages <- dev_dax_probe, v5.8-rc2).
 */
/** A `plugged: boot` DIMM is a ppc64 LMB, added and removed by drmgr through DLPAR. */
const isDlpar = (g: Geometry, a: Action): boolean =>
  (a.kind === 'add_memory' || a.kind === 'remove_memory') && g.layout.dimms[a.arg]!.plugged === 'boot';

function callers(g: Geometry, a: Action): string[] {
  const dlpar = isDlpar(g, a);
  switch (a.kind) {
    case 'add_memory': return dlpar
      ? ['add_memory_resource', '__add_memory', 'dlpar_add_lmb', 'dlpar_memory', 'handle_dlpar_errorlog', 'dlpar_store']
      : ['add_memory_resource', '__add_memory', 'acpi_memory_enable_device', 'acpi_memory_device_add'];
    case 'remove_memory': return dlpar
      ? ['try_remove_memory', '__remove_memory', 'dlpar_remove_lmb', 'dlpar_memory', 'handle_dlpar_errorlog', 'dlpar_store']
      : ['try_remove_memory', '__remove_memory', 'acpi_memory_device_remove'];
    case 'online': return ['online_pages', 'memory_block_action', 'memory_subsys_online', 'device_online', 'state_store'];
    case 'offline': return ['offline_pages', 'memory_block_action', 'memory_subsys_offline', 'device_offline', 'state_store'];
    case 'memremap_pages': return ['memremap_pages', 'devm_memremap_pages', 'dev_dax_probe'];
    case 'memunmap_pages': return ['memunmap_pages', 'devm_action_release', 'release_nodes', 'device_release_driver'];
    case 'boot': return [a.name.split(':')[0]!];
  }
}

/**
 * The frames between a crashing function and the action's entry point, where known.
 * Kernel: seed 004 (memmap_init_zone <- move_pfn_range_to_zone, v5.8-rc2);
 * drivers/base/memory.c remove_memory_block_devices() calls
 * unregister_memory_block_under_nodes(), v5.4.
 */
const BRIDGES: Partial<Record<Fn, string[]>> = {
  [Fn.memmap_init_zone]: ['move_pfn_range_to_zone'],
  [Fn.unregister_memory_block_under_nodes]: ['remove_memory_block_devices'],
};

function callTrace(g: Geometry, a: Action, fn: Fn): string[] {
  const chain = callers(g, a);
  const name = fnName(fn);
  const at = chain.indexOf(name);
  const bridge = BRIDGES[fn] ?? ['...'];
  const frames = at >= 0 ? chain.slice(at) : [name, ...bridge, ...chain];
  return ['Call Trace:', ...frames.map((f) => ` ${f}`)];
}

function bugLines(s: Kstate, a: Action): string[] {
  const g = s.g;
  const fn = codeFn(s.bug);
  const arg = s.bugArg;
  switch (codeKind(s.bug)) {
    case BugKind.BUG_ON: {
      const stale = maskBits(s.nodeToMemLinks(arg)).map((n) => `node${n}/memory${arg}`).join(', ');
      return [
        '------------[ cut here ]------------',
        `kernel BUG at ${fnFile(fn)}!`,
        ...(isDlpar(g, a)
          ? ['Oops: Exception in kernel mode, sig: 5 [#1]', `NIP [<addr>] ${fnName(fn)}`]
          : ['invalid opcode: 0000 [#1] SMP NOPTI', `RIP: 0010:${fnName(fn)}`]),
        ...callTrace(g, a, fn),
        '---[ end trace ]---',
        // Kernel: drivers/base/node.c do_register_memory_block_under_node(), v5.9: the links
        // are made with sysfs_create_link_nowarn(), so -EEXIST comes back without the
        // "sysfs: cannot create duplicate filename" warning; add_memory_resource() does BUG_ON(ret).
        `(link_mem_sections() returned -EEXIST: ${stale || `a link of memory${arg}`} already exists; sysfs_create_link_nowarn() printed no "cannot create duplicate filename" warning)`,
      ];
    }
    case BugKind.NULL_DEREF:
      return [
        'BUG: kernel NULL pointer dereference, address: 0000000000000000',
        `RIP: 0010:${fnName(fn)}`,
        ...callTrace(g, a, fn),
        `(node_devices[${arg}] is NULL: node${arg} was unregistered by try_offline_node())`,
      ];
    case BugKind.PAGE_FAULT: {
      const write = fn === Fn.memmap_init_zone;
      return [
        `BUG: unable to handle page fault for address: <struct page of [mem ${subRange(g, arg)}]>`,
        `#PF: supervisor ${write ? 'write' : 'read'} access in kernel mode`,
        '#PF: error_code(0x000' + (write ? '2' : '0') + ') - not-present page',
        `Oops: 000${write ? '2' : '0'} [#1] SMP NOPTI`,
        `RIP: 0010:${fnName(fn)}`,
        ...callTrace(g, a, fn),
      ];
    }
    case BugKind.VM_BUG_ON_PGFLAGS:
      return [
        `page:<struct page of [mem ${subRange(g, arg)}]> is uninitialized and poisoned`,
        'raw: ffffffffffffffff ffffffffffffffff ffffffffffffffff ffffffffffffffff',
        'page dumped because: VM_BUG_ON_PAGE(PagePoisoned(p))',
        'kernel BUG at include/linux/mm.h!',
        ...callTrace(g, a, fn),
      ];
    case BugKind.BAD_NODE_DATA:
      return [
        'BUG: unable to handle page fault for address: <NODE_DATA(-1)>',
        `RIP: 0010:${fnName(fn)}`,
        ...callTrace(g, a, fn),
        `(mem->nid of memory${arg} is NUMA_NO_NODE)`,
      ];
    default:
      return [`kernel crash code ${s.bug} in ${fnName(fn)}`];
  }
}

/**
 * kernelLog() - the kernel's own lines for the step that led from `before` to `after`.
 * @a: the action taken
 *
 * Return: the oops or dump_page() lines when this step crashed the kernel; otherwise a note
 * in parentheses saying that the kernel printed nothing, and what it silently got wrong.
 */
export function kernelLog(before: Kstate, after: Kstate, a: Action, kb: Behaviour): string[] {
  if (after.bug !== 0 && before.bug === 0) return bugLines(after, a);
  if (after.badRead !== 0 && before.badRead === 0) {
    const what = codeKind(after.badRead) === ReadKind.POISONED ? 'poisoned memmap (page flags 0xffff...)' : 'unmapped memmap';
    return [`(the kernel prints nothing: without CONFIG_DEBUG_VM_PGFLAGS, ${fnName(codeFn(after.badRead))}() reads the ${what} of [mem ${subRange(after.g, after.badReadSub)}] and goes on with a garbage nid and zone)`];
  }
  const k = readKernel(after, kb);
  const hole = Array.from({ length: after.g.nrSubs }, (_, sub) => sub).find((sub) => after.memmap(sub) === Memmap.ABSENT && k.pfn_valid(sub));
  if (hole !== undefined) {
    // Kernel: seed 004, v5.8-rc2: page-types reading /proc/kpageflags faults in
    // stable_page_flags() <- kpageflags_read() on such a pfn.
    return [`(the kernel prints nothing yet: the first pfn walker to read [mem ${subRange(after.g, hole)}], e.g. tools/vm/page-types through /proc/kpageflags, oopses in stable_page_flags())`];
  }
  return ['(the kernel prints nothing here: no check in the kernel notices this state)'];
}
