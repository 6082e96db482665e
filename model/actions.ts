/**
 * The actions of the hotplug model, in a fixed order: boot steps, then per DIMM add and
 * remove, then per memory block the writes to memoryN/state, then per pmem range map and
 * unmap. Each runtime action records its errno; a crashed kernel does nothing more.
 *
 * Model: every action is one atomic step: the explorer interleaves whole operations, never
 * parts of two. That is what the kernel's locks give for the state this model keeps:
 * - add_memory, remove_memory, online and offline all run under device_hotplug_lock
 *   (lock_device_hotplug() in acpi_device_hotplug() and remove_memory();
 *   lock_device_hotplug_sysfs() in state_store() and probe_store()), so they exclude each
 *   other whole;
 *   inside, mem_hotplug_begin() takes mem_hotplug_lock for write.
 * - memremap_pages and memunmap_pages take mem_hotplug_lock for write
 *   (mem_hotplug_begin()) but not device_hotplug_lock.
 * - boot steps run one after another on the boot CPU before userspace exists.
 * What that hides:
 * - the parts of add and remove that run outside mem_hotplug_lock: since f1037ec0cc8a
 *   (v5.6) remove_memory_block_devices() runs before mem_hotplug_begin(), and the
 *   auto-online after mem_hotplug_done(); a memremap_pages() or memunmap_pages() could run
 *   in those windows;
 * - readers that take neither lock: `cat valid_zones` (device_lock only), pfn walkers
 *   (/proc/kpageflags, compaction), udev reacting to an add event before the add returns;
 *   they see the state only between steps here;
 * - lock order itself: the deadlocks between these paths, sysfs active references and
 *   device locks are the lock model's subject (model/locking/).
 */
import { dimmBlocksOf, packZones, show_valid_zones } from './memory.ts';
import { add_memory_resource, autoOnline, try_remove_memory } from './memory_hotplug.ts';
import { offline_pages, online_pages } from './memory_hotplug_online.ts';
import { memremap_pages, memunmap_pages } from './memremap.ts';
import { bootLinked, bootSteps } from './init.ts';
import { assertLifecycle } from './lifecycle.ts';
import { Kernel } from './kernel.ts';
import type { Behaviour, OnlineType } from './kernels/behaviour.ts';
import type { Geometry } from './geometry.ts';
import { BlockState, SystemState, type Kstate } from './state.ts';

export type ActionKind = 'boot' | 'add_memory' | 'remove_memory' | 'online' | 'offline' | 'memremap_pages' | 'memunmap_pages';

export interface Action {
  readonly name: string;
  readonly kind: ActionKind;
  /** Boot step index, DIMM index, block number or pmem index. */
  readonly arg: number;
  readonly onlineType?: OnlineType;
  enabled(s: Kstate): boolean;
  /** Runs the action on a fresh copy; returns the errno (0 for success). */
  apply(k: Kernel): number;
}

const running = (s: Kstate): boolean => s.systemState === SystemState.RUNNING;

/**
 * The boot steps (model/init.ts), each enabled only after the one before it; kernel_init
 * waits for the `plugged: acpi-early` DIMMs.
 * Model: one step per init function; boot runs on one CPU, before any userspace.
 */
function bootActions(g: Geometry, kb: Behaviour): Action[] {
  const steps = bootSteps(g, kb.node_registration);
  const acpiEarly = g.layout.dimms.flatMap((d, i) => (d.plugged === 'acpi-early' ? [i] : []));
  return steps.map((step, i) => ({
    name: step.name,
    kind: 'boot' as const,
    arg: i,
    enabled: (s: Kstate) => s.bootPc === i && (i < steps.length - 1 || acpiEarly.every((d) => s.dimmAdded(d))),
    apply: (k: Kernel) => { step.run(k); k.s.bootPc = i + 1; return 0; },
  }));
}

/**
 * add_memory(): add_memory_resource() of one DIMM, then the auto-online. The
 * zones-consistent observation is taken here: the valid_zones of every other offline block
 * (the ones userspace may online next) before and after the add, before any auto-online.
 * Model: one step under device_hotplug_lock, the auto-online included (the kernel does it
 * after mem_hotplug_done() but before dropping device_hotplug_lock); enabled once the
 * system runs, or in SYSTEM_SCHEDULING after the boot link for an `acpi-early` DIMM.
 */
function addAction(g: Geometry, d: number): Action {
  const dimm = g.layout.dimms[d]!;
  const mine = new Set(dimmBlocksOf(g, d));
  const candidates = Array.from({ length: g.nrBlocks }, (_, b) => b).filter((b) => !mine.has(b));
  return {
    name: `add_memory(${dimm.name})`,
    kind: 'add_memory',
    arg: d,
    enabled: (s) => !s.dimmAdded(d) && (running(s) || (dimm.plugged === 'acpi-early' && s.systemState === SystemState.SCHEDULING && bootLinked(s))),
    apply: (k) => {
      const others = candidates.filter((b) => k.s.blockState(b) === BlockState.MEM_OFFLINE);
      const before = others.map((b) => packZones(show_valid_zones(k, b)));
      const ret = add_memory_resource(k, d);
      if (ret !== 0 || k.crashed) return ret;
      others.forEach((b, i) => {
        const after = packZones(show_valid_zones(k, b));
        if (after !== before[i] && k.s.zonesChangedBlock < 0) k.s.setZonesChanged(b, before[i]! | (after << 8));
      });
      autoOnline(k, d);
      return 0;
    },
  };
}

/**
 * Per DIMM: add_memory, then remove_memory (try_remove_memory()).
 * Model: remove is one step under device_hotplug_lock; the window of v5.6+ in which
 * remove_memory_block_devices() has run but mem_hotplug_begin() has not is not explored.
 */
function dimmActions(g: Geometry): Action[] {
  return g.layout.dimms.flatMap((dimm, d) => [
    addAction(g, d),
    {
      name: `remove_memory(${dimm.name})`,
      kind: 'remove_memory' as const,
      arg: d,
      enabled: (s: Kstate) => running(s) && s.dimmAdded(d),
      apply: (k: Kernel) => try_remove_memory(k, d),
    },
  ]);
}

const ONLINE_TYPES: readonly OnlineType[] = ['online', 'online_kernel', 'online_movable'];

/**
 * Per memory block: `echo online|online_kernel|online_movable|offline > memoryN/state`.
 * Model: one step each, under device_hotplug_lock (lock_device_hotplug_sysfs()), the
 * block's device_lock and mem_hotplug_lock; offline's migration loop always succeeds at once.
 */
function blockActions(g: Geometry): Action[] {
  return g.ramBlocks.flatMap((b) => [
    ...ONLINE_TYPES.map((t) => ({
      name: `online_pages(memory${b}, ${t})`,
      kind: 'online' as const,
      arg: b,
      onlineType: t,
      enabled: (s: Kstate) => running(s) && s.blockExists(b),
      apply: (k: Kernel) => online_pages(k, b, t),
    })),
    {
      name: `offline_pages(memory${b})`,
      kind: 'offline' as const,
      arg: b,
      enabled: (s: Kstate) => running(s) && s.blockExists(b),
      apply: (k: Kernel) => offline_pages(k, b),
    },
  ]);
}

/**
 * Per pmem range: memremap_pages() and memunmap_pages() (a dax or pmem driver's probe and
 * remove).
 * Model: one step each under mem_hotplug_lock; they take no device_hotplug_lock, so the
 * kernel could run them inside the unlocked windows of add and remove named above.
 */
function pmemActions(g: Geometry): Action[] {
  return g.layout.pmem.flatMap((pm, p) => [
    {
      name: `memremap_pages(${pm.name})`,
      kind: 'memremap_pages' as const,
      arg: p,
      enabled: (s: Kstate) => running(s) && !s.pmemMapped(p),
      apply: (k: Kernel) => memremap_pages(k, p),
    },
    {
      name: `memunmap_pages(${pm.name})`,
      kind: 'memunmap_pages' as const,
      arg: p,
      enabled: (s: Kstate) => running(s) && s.pmemMapped(p),
      apply: (k: Kernel) => memunmap_pages(k, p),
    },
  ]);
}

export function buildActions(g: Geometry, kb: Behaviour): Action[] {
  return [...bootActions(g, kb), ...dimmActions(g), ...blockActions(g), ...pmemActions(g)];
}

/**
 * Runs `action` on the state of `k` in place; false, with nothing written, when it is not
 * enabled or the kernel has crashed. `lifecycle` is given the state as it was, to check
 * the step against the lifecycle charts.
 */
export function applyInPlace(k: Kernel, action: Action, lifecycle: (after: Kstate) => void): boolean {
  const s = k.s;
  if (s.bug !== 0 || !action.enabled(s)) return false;
  s.setZonesChanged(-1, 0);
  const errno = action.apply(k);
  if (action.kind !== 'boot') s.errno = k.crashed ? 0 : errno;
  lifecycle(s);
  return true;
}

/** Applies `action` to a copy of `s`; null when it is not enabled or the kernel has crashed. */
export function step(g: Geometry, kb: Behaviour, s: Kstate, action: Action): Kstate | null {
  if (s.bug !== 0 || !action.enabled(s)) return null;
  const next = s.copy();
  applyInPlace(new Kernel(next, g, kb), action, (after) => assertLifecycle(s, after));
  return next;
}
