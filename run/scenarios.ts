/**
 * The built-in seed scenarios (README.md#the-seed-threads): for each mailing-list thread, the kernel that
 * has the bug with the property it breaks, and the kernels (or patches) that fix it.
 * `npm start` runs them all and prints a table; test/scenarios pins their verdicts.
 */

export interface ScenarioRun {
  readonly kernel: string;
  readonly patches: readonly string[];
  /** Empty: all properties. */
  readonly properties: readonly string[];
  readonly expect: 'violation' | 'verified';
  readonly layout?: string;
}

export interface SeedScenario {
  readonly name: string;
  readonly seed: string;
  readonly summary: string;
  readonly property: string;
  readonly buggy: ScenarioRun;
  readonly fixed: readonly ScenarioRun[];
}

const bug = (kernel: string, property: string, patches: string[] = []): ScenarioRun =>
  ({ kernel, patches, properties: [property], expect: 'violation' });
const fix = (kernel: string, patches: string[] = [], properties: string[] = [], layout?: string): ScenarioRun =>
  ({ kernel, patches, properties, expect: 'verified', ...(layout ? { layout } : {}) });

export const SEED_SCENARIOS: readonly SeedScenario[] = [
  {
    name: 'ppc-interleaved', seed: '000', property: 'link-consistency',
    summary: 'stale nodeM/memoryN link after remove, then BUG_ON on re-add',
    buggy: bug('v5.8', 'link-consistency'),
    fixed: [fix('v5.9'), fix('v5.8', ['f85086f95fa3'])],
  },
  {
    name: 'acpi-early-hotadd', seed: '000', property: 'single-node-per-block',
    summary: 'a block ACPI hot-adds in SYSTEM_SCHEDULING is linked wrongly or not at all',
    buggy: bug('v5.9', 'single-node-per-block', ['system-state-below-running']),
    fixed: [fix('v5.9')],
  },
  {
    name: 'memoryless-node-two-dimms', seed: '001', property: 'node-offline-safe',
    summary: 'node offlined while a block still names it',
    buggy: bug('v5.3', 'node-offline-safe'),
    fixed: [fix('v5.10'), fix('v5.3', ['2c91f8fc6c99'], ['node-offline-safe'])],
  },
  {
    name: 'udev-online-movable', seed: '002', property: 'zones-consistent',
    summary: "probing the next block takes Movable out of the previous block's valid_zones",
    buggy: bug('v4.10', 'zones-consistent'),
    fixed: [fix('v4.13')],
  },
  {
    name: 'pmem-early-section', seed: '004', property: 'memmap-valid',
    summary: 'pfn_valid pfn without a memmap after removing pmem from an early section (base-page vmemmap)',
    buggy: bug('v5.8', 'memmap-valid'),
    fixed: [fix('v5.9'), fix('v5.8', [], [], 'pmem-early-section-huge')],
  },
  {
    name: 'dax-kmem-unbind', seed: '003', property: 'lock-order-acyclic',
    summary: "lockdep's circular dependency kn->count -> mem_hotplug_lock -> mem_sysfs_mutex -> kn->count; the trylock gate keeps it from deadlocking",
    buggy: bug('v5.1', 'lock-order-acyclic'),
    fixed: [fix('v5.1', [], ['deadlock-free']), fix('v5.6', [], ['lock-order-acyclic', 'deadlock-free'])],
  },
  {
    name: 'dax-kmem-unbind', seed: '003', property: 'deadlock-free',
    summary: 'with a blocking device_hotplug_lock in the sysfs store, the drain in device_del waits for a store that waits for the lock',
    buggy: bug('v5.1', 'deadlock-free', ['blocking-sysfs-lock']),
    fixed: [fix('v5.1', [], ['deadlock-free'])],
  },
  {
    name: 'dax-kmem-unbind', seed: '003', property: 'lock-balance',
    summary: 'f1037ec0cc8a: the unbind meets an online block, goto done calls mem_hotplug_done() without mem_hotplug_begin()',
    buggy: bug('v5.6', 'lock-balance'),
    fixed: [fix('v5.9')],
  },
];
