/**
 * The recorded runs of Linux 6.1, 6.12 and 7.2 under QEMU (test/fixtures/conformance/ for 6.1,
 * test/fixtures/conformance-6.12/ and conformance-7.2/, written by
 * `npm run test:conformance -- --kernel R --save-traces DIR`) replayed against the model,
 * without QEMU: every catalogue sequence's kernel snapshots, step by step, must still match the
 * profile of its release under the catalogue's declared abstractions and known divergences.
 * A model change that breaks agreement with a real kernel fails here in every `npm test`.
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
import { runsOn, type Sequence } from '../../conformance/sequence.ts';
import type { Profile } from '../../model/kernels/profiles.ts';
import { CATALOGUE } from '../../conformance/catalogue.ts';

/** Where each release's recordings are. */
const FIXTURE_DIRS = { '6.1': 'test/fixtures/conformance', '6.12': 'test/fixtures/conformance-6.12', '7.2': 'test/fixtures/conformance-7.2' } as const;
const FIXTURES = join(ROOT, FIXTURE_DIRS['6.1']);

function recorded(release: keyof typeof FIXTURE_DIRS, name: string): TraceEntry[] {
  return (JSON.parse(readFileSync(join(ROOT, FIXTURE_DIRS[release], `${name}.json`), 'utf8')) as { trace: TraceEntry[] }).trace;
}

async function replay(seq: Sequence, profile: Profile, trace: readonly TraceEntry[]) {
  const c: Comparison = { records: [], allowed: [], known: [] };
  await compareSequence(seq, CATALOGUE, REFERENCE_MACHINE, profile, new RecordedKernel(trace), c);
  return summarize(seq, c, undefined, 0, 0);
}

for (const release of ['6.1', '6.12', '7.2'] as const) {
  describe(`recorded Linux ${release} runs replayed against the v${release} model`, () => {
    const has = (name: string): boolean => existsSync(join(ROOT, FIXTURE_DIRS[release], `${name}.json`));
    /** 6.1: every sequence; 6.12 and 7.2: every sequence written for them, and the older ones recorded so far. */
    const required = CATALOGUE.sequences.filter((s) => (release === '6.1' ? runsOn(s, release) : s.kernels?.includes(release) === true));
    const sequences = CATALOGUE.sequences.filter((s) => runsOn(s, release) && (has(s.name) || required.includes(s)));
    it(`every sequence written for ${release} has a recorded run`, () => {
      expect(required.length).toBeGreaterThanOrEqual(release === '6.1' ? 30 : 15);
      expect(required.filter((s) => !has(s.name)).map((s) => s.name)).toEqual([]);
    });

    for (const seq of sequences) {
      it(`${seq.name}: ${seq.description}`, async () => {
        const r = await replay(seq, findProfile(`v${release}`)!, recorded(release, seq.name));
        expect(r.first).toBeUndefined();
        expect(r.records).toHaveLength(seq.steps.length + 1);
        expect(r.known).toHaveLength(seq.known?.length ?? 0);
      });
    }
  });
}

describe('recorded runs against the wrong release', () => {
  it('a 6.12 run of a two-block DIMM with memmap_on_memory=1 differs from v6.1, which gives only one-block adds an altmap', async () => {
    const seq = CATALOGUE.sequences.find((s) => s.name === 'memmap-on-memory-two-blocks')!;
    const r = await replay(seq, findProfile('v6.1')!, recorded('6.12', seq.name));
    expect(r.first?.diff).toEqual({ field: 'zone node1 Movable present-managed', real: '512', model: '0' });
  });

  it('a 6.12 run under auto-movable differs from v5.10, which has no online_policy parameter', async () => {
    const seq = CATALOGUE.sequences.find((s) => s.name === 'auto-movable-one-node')!;
    const r = await replay(seq, findProfile('v5.10')!, recorded('6.12', seq.name));
    expect(r.first?.diff).toEqual({ field: 'memory32/valid_zones', real: 'Movable Normal', model: 'Normal Movable' });
  });

  it('a recorded 6.1 run replayed against an older profile (v5.3, before try_offline_node was fixed) differs', async () => {
    const seq = CATALOGUE.sequences.find((s) => s.name === 'memoryless-node-two-dimms')!;
    const { trace } = JSON.parse(readFileSync(join(FIXTURES, `${seq.name}.json`), 'utf8')) as { trace: TraceEntry[] };
    const c: Comparison = { records: [], allowed: [], known: [] };
    await compareSequence(seq, CATALOGUE, REFERENCE_MACHINE, findProfile('v5.3')!, new RecordedKernel(trace), c);
    expect(summarize(seq, c, undefined, 0, 0).first?.diff.field).toBe('node/online');
  });
});
