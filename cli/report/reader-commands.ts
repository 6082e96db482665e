/**
 * The command a person types to run each reader or walker (model/reader-actions.ts), and
 * the call chain from the syscall to the function that reads the memmap.
 */
import type { Action } from '../../model/actions.ts';
import type { Geometry } from '../../model/geometry.ts';

const hex = (n: number): string => `0x${n.toString(16)}`;

/** The shell command of reader `a`. */
export function readerCommand(g: Geometry, a: Action): string[] {
  const addr = a.arg * g.layout.geometry.subsectionSize;
  if (a.name === 'kpageflags_read') return ['# dd if=/proc/kpageflags of=/dev/null bs=8      (also /proc/kpagecount)'];
  if (a.name === 'pagetypeinfo_showmixedcount_print') return ['# cat /proc/pagetypeinfo      (booted with page_owner=on)'];
  if (a.name.startsWith('show_valid_zones')) return [`# cat /sys/devices/system/memory/memory${a.arg}/valid_zones`];
  if (a.name.startsWith('show_mem_removable')) return [`# cat /sys/devices/system/memory/memory${a.arg}/removable`];
  if (a.name.startsWith('memory_failure')) return [`# echo ${hex(addr)} > /sys/devices/system/memory/hard_offline_page`];
  return [`# echo ${hex(addr)} > /sys/devices/system/memory/soft_offline_page`];
}

/** The call chain of reader `a`, innermost first. */
export function readerCallers(a: Action): string[] {
  if (a.name === 'kpageflags_read') return ['stable_page_flags', 'kpageflags_read', 'proc_reg_read', 'vfs_read', 'ksys_read'];
  if (a.name === 'pagetypeinfo_showmixedcount_print') return ['pagetypeinfo_showmixedcount_print', 'pagetypeinfo_showmixedcount', 'pagetypeinfo_show', 'seq_read', 'vfs_read'];
  if (a.name.startsWith('show_valid_zones')) return ['test_pages_in_a_zone', 'show_valid_zones', 'dev_attr_show', 'sysfs_kf_seq_show', 'seq_read'];
  if (a.name.startsWith('show_mem_removable')) return ['is_mem_section_removable', 'show_mem_removable', 'dev_attr_show', 'sysfs_kf_seq_show', 'seq_read'];
  if (a.name.startsWith('memory_failure')) return ['memory_failure', 'hard_offline_page_store', 'dev_attr_store', 'sysfs_kf_write', 'kernfs_fop_write'];
  return ['soft_offline_page', 'soft_offline_page_store', 'dev_attr_store', 'sysfs_kf_write', 'kernfs_fop_write'];
}
