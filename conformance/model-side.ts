/**
 * The model's side of a conformance run: the hotplug model on the QEMU machine's layout,
 * driven by the guest operations of a sequence, and its state as a predicted sysfs view.
 */
import { decodeState } from '../model/decode.ts';
import { HotplugModel } from '../model/hotplug-model.ts';
import { EBUSY, EINVAL, ERRNO_NAMES, Kernel } from '../model/kernel.ts';
import type { Profile } from '../model/kernels/profiles.ts';
import type { Layout } from '../model/layout/types.ts';
import { dimmBlocksOf, show_valid_zones, validZonesText } from '../model/memory.ts';
import { BlockState, Memmap, SystemState, Zone, maskBits, type StateVector } from '../model/state.ts';
import { HOTPLUG_BASE } from './machine.ts';
import type { BlockView, SysfsView, ZoneView } from './view.ts';

const PAGE_SIZE = 4096;
const ONLINE_TYPES = new Set(['online', 'online_kernel', 'online_movable']);

export class ModelSide {
  readonly model: HotplugModel;
  private w: StateVector;
  /** The errno of the last operation, as its name ("" for success). */
  errno = '';

  constructor(layout: Layout, profile: Profile) {
    this.model = new HotplugModel({ layout, profile, patches: [], properties: [] });
    this.w = this.model.initialStates()[0]!;
    this.boot();
  }

  private get s() { return this.model.view(this.w); }

  /** Runs the boot actions, in order, until SYSTEM_RUNNING. */
  private boot(): void {
    for (let id = 0; this.s.systemState !== SystemState.RUNNING; id++) {
      const a = this.model.actions[id];
      if (a === undefined || a.kind !== 'boot') throw new Error('model boot did not reach SYSTEM_RUNNING');
      this.apply(id);
    }
  }

  private apply(id: number): number {
    const next = this.model.next(this.w, id);
    if (next === null) throw new Error(`model action ${this.model.actionName(id)} is not enabled here`);
    this.w = next;
    return this.s.errno;
  }

  private actionId(pred: (a: HotplugModel['actions'][number]) => boolean, what: string): number {
    const id = this.model.actions.findIndex(pred);
    if (id < 0) throw new Error(`the model has no action for ${what}`);
    return id;
  }

  blockExists(b: number): boolean { return b < this.model.g.nrBlocks && this.s.blockExists(b); }

  /** add_memory() of layout DIMM `d` (ACPI's acpi_memory_enable_device()). */
  add(d: number): void {
    this.errno = ERRNO_NAMES[this.apply(this.actionId((a) => a.kind === 'add_memory' && a.arg === d, `add_memory of DIMM ${d}`))]!;
  }

  /**
   * A write of `value` to memoryN/state: online_pages() or offline_pages(), or, for any other
   * string, EINVAL with nothing changed.
   * Kernel: drivers/base/memory.c state_store(): mhp_online_type_from_str() < 0 and not
   * "offline" -> -EINVAL, v6.1.
   */
  writeState(b: number, value: string): void {
    let id: number;
    if (ONLINE_TYPES.has(value)) id = this.actionId((a) => a.kind === 'online' && a.arg === b && a.onlineType === value, `${value} of memory${b}`);
    else if (value === 'offline') id = this.actionId((a) => a.kind === 'offline' && a.arg === b, `offline of memory${b}`);
    else { this.errno = ERRNO_NAMES[EINVAL]!; return; }
    this.errno = ERRNO_NAMES[this.apply(id)]!;
  }

  /**
   * The guest's eject of DIMM `d`: acpi_scan_try_to_offline() offlines every online block of
   * the device (device_offline() -> offline_pages()); if one fails, the eject is refused
   * (_OST 0x82) and nothing is removed; else acpi_memory_device_remove() -> __remove_memory().
   * Kernel: drivers/acpi/scan.c acpi_scan_hot_remove(), drivers/acpi/acpi_memhotplug.c
   * acpi_memory_remove_memory(), v6.1.
   * Return: via `errno`: "" or EBUSY for a refused eject.
   */
  eject(d: number): void {
    for (const b of dimmBlocksOf(this.model.g, d)) {
      if (this.s.blockState(b) !== BlockState.MEM_ONLINE) continue;
      if (this.apply(this.actionId((a) => a.kind === 'offline' && a.arg === b, `offline of memory${b}`)) !== 0) {
        this.errno = ERRNO_NAMES[EBUSY]!;
        return;
      }
    }
    this.errno = ERRNO_NAMES[this.apply(this.actionId((a) => a.kind === 'remove_memory' && a.arg === d, `remove_memory of DIMM ${d}`))]!;
  }

  /** The blocks of layout DIMM `d`. */
  dimmBlocks(d: number): number[] { return dimmBlocksOf(this.model.g, d); }

  /** The decoded model state, for a report. */
  decoded(): Record<string, unknown> { return decodeState(this.s); }

  /**
   * N_NORMAL_MEMORY: the node has online pages in a zone at or below ZONE_NORMAL.
   * Kernel: mm/memory_hotplug.c node_states_check_changes_online/offline(), v6.1: set when
   * onlining into a zone <= ZONE_NORMAL, cleared when those zones lose their last present page.
   */
  private hasNormalMemory(nid: number): boolean {
    const s = this.s;
    for (let sub = 0; sub < this.model.g.nrSubs; sub++) {
      if (s.memmap(sub) === Memmap.ONLINE && s.memmapNid(sub) === nid && s.memmapZone(sub) === Zone.NORMAL) return true;
    }
    return false;
  }

  /**
   * The predicted sysfs view. ZONE_NORMAL is given within the hotplug window only (from 4 GiB):
   * below it the guest's boot memory is in ZONE_DMA/DMA32 (abstraction `boot-zone-spans`).
   */
  view(): SysfsView {
    const s = this.s;
    const g = this.model.g;
    const k = new Kernel(s, g, this.model.kb);
    const blocks = new Map<number, BlockView>();
    for (let b = 0; b < g.nrBlocks; b++) {
      if (!s.blockExists(b)) continue;
      blocks.set(b, {
        state: s.blockState(b) === BlockState.MEM_ONLINE ? 'online' : 'offline',
        phys_index: b,
        valid_zones: validZonesText(show_valid_zones(k, b)),
        nodes: maskBits(s.memToNodeLinks(b)),
      });
    }
    const nodes = new Map<number, number[]>();
    for (const nid of g.nodeIds) {
      if (!s.nodeRegistered(nid)) continue;
      nodes.set(nid, Array.from({ length: g.nrBlocks }, (_, b) => b).filter((b) => (s.nodeToMemLinks(b) >> nid) & 1));
    }
    const subPages = g.layout.geometry.subsectionSize / PAGE_SIZE;
    const windowSub = HOTPLUG_BASE / g.layout.geometry.subsectionSize;
    const zones: ZoneView[] = [];
    for (const nid of g.nodeIds) {
      if (!s.nodeOnline(nid)) continue;
      for (const [zone, name] of [[Zone.NORMAL, 'Normal'], [Zone.MOVABLE, 'Movable']] as const) {
        const span = s.zoneSpan(nid, zone);
        const start = zone === Zone.NORMAL ? Math.max(span.start, windowSub) : span.start;
        if (span.end <= start) continue;
        zones.push({ node: nid, zone: name, start_pfn: start * subPages, spanned: (span.end - start) * subPages });
      }
    }
    const on = (p: (nid: number) => boolean): number[] => g.nodeIds.filter(p);
    return {
      online: on((n) => s.nodeOnline(n)),
      has_cpu: on((n) => s.nodeOnline(n) && g.nodeHasCpus[n] === true),
      has_memory: on((n) => s.nodeHasMemory(n)),
      has_normal_memory: on((n) => this.hasNormalMemory(n)),
      blocks,
      nodes,
      zones,
    };
  }
}
