/**
 * A small harness for unit tests of the kernel files of model/: build the hotplug model for
 * an inline YAML layout and a kernel profile, boot it, run actions by their names, and read
 * the resulting state in sysfs and kernel words.
 *
 * Actions run through HotplugModel.next(), exactly as the explorer runs them. `run()` fails
 * the test when the action name does not exist or the action is not enabled, so a typo can
 * never turn a test into one that checks nothing.
 */
import { expect } from 'vitest';
import { FUNCTIONS, codeFn, codeKind } from '../../model/bugs.ts';
import { spanText } from '../../model/decode.ts';
import { Kernel, ERRNO_NAMES } from '../../model/kernel.ts';
import { findPatch } from '../../model/kernels/patches.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { parseLayout } from '../../model/layout/parse.ts';
import { show_valid_zones as kernelValidZones, validZonesText } from '../../model/memory.ts';
import {
  MEMMAP_NAMES, SECTION_HAS_MEM_MAP, SECTION_IS_EARLY, SECTION_IS_ONLINE, SECTION_MARKED_PRESENT,
  ZONE_NAMES, Zone, type Kstate,
} from '../../model/state.ts';
import { PROPERTIES } from '../../properties/index.ts';

export interface Harness {
  readonly model: HotplugModel;
  /** The current state; replaced by every run(). */
  s: Kstate;
  /** The actions run so far, for failure messages. */
  readonly trace: string[];
}

/**
 * harness() - the model of `yaml` under kernel `profile` with `patches` applied, in its
 * initial state (before sparse_init). Throws on a bad layout, profile or patch name.
 */
export function harness(yaml: string, profile: string, patches: readonly string[] = []): Harness {
  const parsed = parseLayout(yaml, 'inline layout');
  if (!parsed.ok) throw new Error(parsed.error);
  const prof = findProfile(profile);
  if (!prof) throw new Error(`no kernel profile "${profile}"`);
  const ps = patches.map((name) => {
    const p = findPatch(name);
    if (!p) throw new Error(`no patch "${name}"`);
    return p;
  });
  const model = new HotplugModel({ layout: parsed.layout, profile: prof, patches: ps, properties: PROPERTIES });
  return { model, s: model.view(model.initialStates()[0]!), trace: [] };
}

/** Names of every action of the model, in engine order. */
export function actionNames(h: Harness): string[] {
  return h.model.actions.map((a) => a.name);
}

function actionId(h: Harness, name: string): number {
  const id = h.model.actions.findIndex((a) => a.name === name);
  if (id < 0) throw new Error(`no action "${name}"; the model has: ${actionNames(h).join(', ')}`);
  return id;
}

/** enabled() - whether action `name` (which must exist) is enabled in the current state. */
export function enabled(h: Harness, name: string): boolean {
  return h.model.actions[actionId(h, name)]!.enabled(h.s);
}

/**
 * run() - run action `name`, which must exist and be enabled.
 * Return: the errno the action recorded, by name ('EINVAL', 'EBUSY', ...), '0' for success.
 * A crash records errno 0; read it with bug().
 */
export function run(h: Harness, name: string): string {
  const id = actionId(h, name);
  const next = h.model.next(h.s.w, id);
  if (next === null) {
    throw new Error(`action "${name}" is not enabled after [${h.trace.join(' -> ')}]` +
      (h.s.bug !== 0 ? ` (the kernel crashed: ${JSON.stringify(bug(h))})` : ''));
  }
  h.s = h.model.view(next);
  h.trace.push(name);
  return errno(h);
}

/** ok() - run action `name` and expect success: errno 0 and no crash. */
export function ok(h: Harness, name: string): void {
  const ret = run(h, name);
  expect({ action: name, errno: ret, bug: bug(h) }).toEqual({ action: name, errno: '0', bug: null });
}

/** The boot actions, in order. */
export function bootActionNames(h: Harness): string[] {
  return h.model.actions.filter((a) => a.kind === 'boot').map((a) => a.name);
}

/**
 * boot() - run boot steps while one is enabled: to SYSTEM_RUNNING, or up to kernel_init when
 * an ACPI DIMM present at power-on still has to be added.
 */
export function boot(h: Harness): Harness {
  for (;;) {
    const step = h.model.actions.find((a) => a.kind === 'boot' && a.enabled(h.s));
    if (!step) return h;
    run(h, step.name);
  }
}

/** booted() - harness() then boot(). */
export function booted(yaml: string, profile: string, patches: readonly string[] = []): Harness {
  return boot(harness(yaml, profile, patches));
}

/**
 * inject() - replace the state with a modified copy: a precondition the profile under test
 * cannot reach on its own (for example a stale link left by an older kernel's boot).
 */
export function inject(h: Harness, mutate: (s: Kstate) => void): void {
  const s = h.s.copy();
  mutate(s);
  h.s = s;
  h.trace.push('(injected)');
}

// --- readers -------------------------------------------------------------------------------

/** A Kernel view over a private copy of the state, for evaluating kernel functions. */
export function kernel(h: Harness): Kernel {
  return new Kernel(h.s.copy(), h.model.g, h.model.kb);
}

export function errno(h: Harness): string {
  return h.s.errno === 0 ? '0' : (ERRNO_NAMES[h.s.errno] ?? `errno ${h.s.errno}`);
}

export function systemState(h: Harness): string {
  return ['SYSTEM_BOOTING', 'SYSTEM_SCHEDULING', 'SYSTEM_RUNNING'][h.s.systemState]!;
}

const BUG_KINDS = ['', 'BUG_ON', 'NULL_DEREF', 'PAGE_FAULT', 'VM_BUG_ON_PGFLAGS', 'BAD_NODE_DATA'];

/** The recorded crash: its kind and the kernel function, or null. */
export function bug(h: Harness): { kind: string; fn: string } | null {
  if (h.s.bug === 0) return null;
  return { kind: BUG_KINDS[codeKind(h.s.bug)]!, fn: FUNCTIONS[codeFn(h.s.bug)]![0] };
}

/** The first read of a poisoned or unmapped memmap: which, in what function, and where. */
export function badRead(h: Harness): { memmap: string; fn: string; sub: number } | null {
  if (h.s.badRead === 0) return null;
  const memmap = codeKind(h.s.badRead) === 1 ? 'poisoned' : 'absent';
  return { memmap, fn: FUNCTIONS[codeFn(h.s.badRead)]![0], sub: h.s.badReadSub };
}

/** memoryN/state: 'MEM_ONLINE', 'MEM_OFFLINE', or 'absent' when there is no device. */
export function blockState(h: Harness, b: number): string {
  return ['absent', 'MEM_OFFLINE', 'MEM_ONLINE'][h.s.blockState(b)]!;
}

/** mem->nid, as a number (NUMA_NO_NODE is 15). */
export const blockNid = (h: Harness, b: number): number => h.s.blockNid(b);

/** mem->zone by name: 'none', 'Normal', 'Movable' or 'Device'. */
export const blockZone = (h: Harness, b: number): string => ZONE_NAMES[h.s.blockZone(b)];

const nodesOf = (mask: number): number[] => Array.from({ length: 16 }, (_, i) => i).filter((i) => mask & (1 << i));

/** Every sysfs link of block `b`, sorted: 'memoryN/nodeM' and 'nodeM/memoryN'. */
export function links(h: Harness, b: number): string[] {
  return [
    ...nodesOf(h.s.memToNodeLinks(b)).map((m) => `memory${b}/node${m}`),
    ...nodesOf(h.s.nodeToMemLinks(b)).map((m) => `node${m}/memory${b}`),
  ];
}

/** N_ONLINE, the node device and N_MEMORY of node `nid`. */
export function node(h: Harness, nid: number): { online: boolean; registered: boolean; hasMemory: boolean } {
  return { online: h.s.nodeOnline(nid), registered: h.s.nodeRegistered(nid), hasMemory: h.s.nodeHasMemory(nid) };
}

/** The node span in boot-log style ('0x00000000-0x2fffffff'), or 'empty'. */
export const nodeSpan = (h: Harness, nid: number): string => spanText(h.model.g, h.s.nodeSpan(nid));

const ZONES: Record<string, Zone> = { Normal: Zone.NORMAL, Movable: Zone.MOVABLE, Device: Zone.DEVICE };

/** A zone span in boot-log style, or 'empty'. */
export function zoneSpan(h: Harness, nid: number, zone: 'Normal' | 'Movable' | 'Device'): string {
  return spanText(h.model.g, h.s.zoneSpan(nid, ZONES[zone]!));
}

/** The memmap state of each subsection of section `sec`: 'absent', 'poisoned', 'online', ... */
export function memmap(h: Harness, sec: number): string[] {
  const per = h.model.g.subsPerSection;
  return Array.from({ length: per }, (_, i) => MEMMAP_NAMES[h.s.memmap(sec * per + i)]);
}

/** The nid and zone the page flags of subsection `sub` carry. */
export function memmapPage(h: Harness, sub: number): { nid: number; zone: string } {
  return { nid: h.s.memmapNid(sub), zone: ZONE_NAMES[h.s.memmapZone(sub)] };
}

/** The mem_section flags of `sec` by kernel name (the model's USAGE bit left out). */
export function sectionFlags(h: Harness, sec: number): string[] {
  const names: [number, string][] = [
    [SECTION_MARKED_PRESENT, 'PRESENT'], [SECTION_HAS_MEM_MAP, 'HAS_MEM_MAP'],
    [SECTION_IS_ONLINE, 'IS_ONLINE'], [SECTION_IS_EARLY, 'IS_EARLY'],
  ];
  return names.filter(([bit]) => h.s.sectionHas(sec, bit)).map(([, n]) => n);
}

/** ms->usage->subsection_map of `sec`, subsection 0 first: '1110'. */
export function subsectionMap(h: Harness, sec: number): string {
  const per = h.model.g.subsPerSection;
  return Array.from({ length: per }, (_, i) => ((h.s.subsectionMap(sec) >> i) & 1 ? '1' : '0')).join('');
}

/** pfn_valid() of subsection `sub`. */
export const pfn_valid = (h: Harness, sub: number): boolean => kernel(h).pfn_valid(sub);

/** What `cat memoryN/valid_zones` prints. */
export const validZones = (h: Harness, b: number): string => validZonesText(kernelValidZones(kernel(h), b));

/** The message of property `name` in the current state, or null when it holds. */
export function propertyMessage(h: Harness, name: string): string | null {
  const p = h.model.properties.find((q) => q.name === name);
  if (!p) throw new Error(`no property "${name}"`);
  return p.check(h.s.w);
}
