/**
 * The recorded runs of Linux 6.1 under QEMU (test/fixtures/conformance/, written by
 * `npm run test:conformance -- --save-traces test/fixtures/conformance`) replayed against the
 * model, without QEMU: every catalogue sequence's kernel snapshots, step by step, must still
 * match the v6.1 profile under the catalogue's declared abstractions and known divergences.
 * A model change that breaks agreement with the real kernel fails here in every `npm test`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_MACHINE } from '../../conformance/machine.ts';
import { RecordedKernel, type TraceEntry } from '../../conformance/recorded.ts';
import { summarize } from '../../conformance/run.ts';
import { compareSequence, type Comparison } from '../../conformance/sequence-runner.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { ROOT } from '../cli/run-cli.ts';
import { CATALOGUE } from '../../conformance/catalogue.ts';

const FIXTURES = join(ROOT, 'test/fixtures/conformance');

describe('recorded Linux 6.1 runs replayed against the v6.1 model', () => {
  it('the catalogue has at least 30 sequences, each with a recorded run', () => {
    expect(CATALOGUE.sequences.length).toBeGreaterThanOrEqual(30);
    expect(CATALOGUE.sequences.filter((s) => !existsSync(join(FIXTURES, `${s.name}.json`))).map((s) => s.name)).toEqual([]);
  });

  for (const seq of CATALOGUE.sequences) {
    it(`${seq.name}: ${seq.description}`, async () => {
      const file = join(FIXTURES, `${seq.name}.json`);
      const { trace } = JSON.parse(readFileSync(file, 'utf8')) as { trace: TraceEntry[] };
      const c: Comparison = { records: [], allowed: [], known: [] };
      await compareSequence(seq, CATALOGUE, REFERENCE_MACHINE, findProfile('v6.1')!, new RecordedKernel(trace), c);
      const r = summarize(seq, c, undefined, 0, 0);
      expect(r.first).toBeUndefined();
      expect(r.records).toHaveLength(seq.steps.length + 1);
      expect(r.known).toHaveLength(seq.known?.length ?? 0);
    });
  }

  // On v5.3 the first difference is the removal of DIMM a, which was never onlined: the
  // model oopses in clear_zone_contiguous() (page_zone() of its poisoned memmap, fixed by
  // feee6b298916), so the removal never unlinks node2/memoryN; Linux 6.1 removes it cleanly.
  it('a recorded run replayed against an older profile (v5.3, before feee6b298916 and the try_offline_node fix) differs', async () => {
    const seq = CATALOGUE.sequences.find((s) => s.name === 'memoryless-node-two-dimms')!;
    const { trace } = JSON.parse(readFileSync(join(FIXTURES, `${seq.name}.json`), 'utf8')) as { trace: TraceEntry[] };
    const c: Comparison = { records: [], allowed: [], known: [] };
    await compareSequence(seq, CATALOGUE, REFERENCE_MACHINE, findProfile('v5.3')!, new RecordedKernel(trace), c);
    const first = summarize(seq, c, undefined, 0, 0).first;
    expect([first?.step, first?.diff.field]).toEqual(['device_del a', 'node2/memory links']);
  });
});
