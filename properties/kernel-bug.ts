/** No BUG_ON, oops or NULL dereference is reachable. */
import { BugKind, Fn, codeFn, codeKind, fnFile, fnName } from '../model/bugs.ts';
import type { Kstate } from '../model/state.ts';
import { subRange } from './helpers.ts';
import type { PropertyDef } from '../model/property.ts';

/** What the kernel log would say, in one line. */
export function bugMessage(s: Kstate): string | null {
  if (s.bug === 0) return null;
  const fn = codeFn(s.bug);
  const arg = s.bugArg;
  switch (codeKind(s.bug)) {
    case BugKind.BUG_ON:
      return `kernel BUG at ${fnFile(fn)}! ${fnName(fn)}(): BUG_ON(ret) after link_mem_sections() failed with -EEXIST for memory${arg}`;
    case BugKind.NULL_DEREF:
      return fn === Fn.unregister_memory_block_under_nodes
        ? `BUG: kernel NULL pointer dereference in ${fnName(fn)}(): node_devices[${arg}] is NULL, node${arg} was already unregistered`
        : `BUG: kernel NULL pointer dereference in ${fnName(fn)}(): node_devices[${arg}] is NULL`;
    case BugKind.PAGE_FAULT:
      return `BUG: unable to handle page fault in ${fnName(fn)}(): the memmap of [mem ${subRange(s.g, arg)}] is not mapped`;
    case BugKind.VM_BUG_ON_PGFLAGS:
      return `page dumped because: VM_BUG_ON_PGFLAGS(PagePoisoned(p)) in ${fnName(fn)}(), reading [mem ${subRange(s.g, arg)}]`;
    case BugKind.BAD_NODE_DATA:
      return `${fnName(fn)}(): mem->nid of memory${arg} is NUMA_NO_NODE, so NODE_DATA(-1) is dereferenced out of bounds`;
    default:
      return `kernel crash code ${s.bug}`;
  }
}

export const noKernelBug: PropertyDef = {
  name: 'no-kernel-bug',
  statement: 'No BUG_ON, oops, page fault or NULL dereference is reachable.',
  why: 'A hotplug request from drmgr, ACPI or ndctl must fail with an errno, not take the machine down.',
  appliesWhen: 'always',
  check: bugMessage,
};
