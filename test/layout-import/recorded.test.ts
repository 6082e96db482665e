/**
 * layout import on the recorded Linux 6.1 runs (test/fixtures/conformance/): the boot log, the
 * sysfs copy taken when every DIMM of the run was plugged, and both together, each give the
 * layout the conformance harness gave the model for that run (conformance/machine.ts), so
 * check --kernel v6.1 has the same verdict and state count on it.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importLayout } from '../../layout-import/import.ts';
import type { ImportOptions } from '../../layout-import/options.ts';
import type { Layout } from '../../model/layout/types.ts';
import { checkV61, harnessLayout, materialize, peakCopy, recording, sequenceDimms } from './recorded.ts';

const RECORDED = ['memoryless-node-two-dimms', 'dimms-on-three-nodes', 'auto-online-movable', 'movable-node-default-zone', 'cpu-only-node', 'four-nodes'];

/** What check reads of a layout: everything but its name and description. */
const shape = (l: Layout) => ({
  geometry: l.geometry, nodes: l.nodes, boot: l.boot, pmem: l.pmem,
  dimms: l.dimms.map((d) => ({ node: d.node, start: d.start, end: d.end, plugged: d.plugged })),
  platform: { ...l.platform, deferredStructPageInit: false },
});

function imports(name: string): Record<'dmesg' | 'sysfs' | 'both', Layout> {
  const r = recording(name);
  const base: ImportOptions = { name, dimms: [], lmbs: [], vmemmap: 'huge', presentDimms: 'no', ...(r.seq.machine?.cmdline.movableNode ? { movableNode: true } : {}) };
  const flags = sequenceDimms(r.seq).map((d) => ({ node: d.node, size: d.size, plugged: 'no' as const }));
  const dir = materialize(peakCopy(r.trace));
  try {
    const get = (x: ReturnType<typeof importLayout>): Layout => { if (!x.ok) throw new Error(x.error); return x.value.layout; };
    const log = { text: r.dmesg, source: `${name}.log` };
    return {
      dmesg: get(importLayout({ dmesg: log, small: false, options: { ...base, dimms: flags } })),
      sysfs: get(importLayout({ sysfs: dir, small: false, options: base })),
      both: get(importLayout({ dmesg: log, sysfs: dir, small: false, options: base })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('layout import of the recorded 6.1 runs gives the layout they were recorded on', () => {
  for (const name of RECORDED) {
    it(`${name}: --dmesg (with --dimm for the DIMMs plugged later), --sysfs, and both`, () => {
      const want = shape(harnessLayout(recording(name).seq));
      const got = imports(name);
      expect(shape(got.dmesg)).toEqual(want);
      expect(shape(got.sysfs)).toEqual(want);
      expect(shape(got.both)).toEqual(want);
    });
  }

  it('the boot log also says CONFIG_DEFERRED_STRUCT_PAGE_INIT (node N deferred pages initialised); a sysfs copy cannot', () => {
    const got = imports('auto-online-movable');
    expect(got.dmesg.platform.deferredStructPageInit).toBe(true);
    expect(got.sysfs.platform.deferredStructPageInit).toBe(false);
  });

  // Two full checks in every run; HPCHECK_SLOW=1 checks all eighteen imports.
  const checked = process.env['HPCHECK_SLOW'] ? RECORDED : ['auto-online-movable', 'memoryless-node-two-dimms'];
  for (const name of checked) {
    it(`${name}: check --kernel v6.1 gives the harness layout's verdict and state count on each import`, () => {
      const want = checkV61(harnessLayout(recording(name).seq));
      const got = imports(name);
      const kinds = process.env['HPCHECK_SLOW'] ? (['dmesg', 'sysfs', 'both'] as const) : name === 'auto-online-movable' ? (['sysfs'] as const) : (['dmesg'] as const);
      for (const k of kinds) expect({ kind: k, ...checkV61(got[k]) }).toEqual({ kind: k, ...want });
    }, 600_000);
  }
});
