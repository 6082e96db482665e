/**
 * The conformance smoke subset: the sequences marked `smoke` in catalogue.ts, each booted under
 * QEMU/TCG with Linux 6.1 and compared with the model's v6.1 profile after every step.
 *
 * .ci/run installs QEMU and the kernel (conformance/setup.sh) and sets HPCHECK_QEMU=1: then a
 * missing QEMU or kernel fails these tests. Without it they are skipped: a boot costs about
 * 10 s of both cores, too much for every `npm test`. The whole catalogue is
 * `npm run test:conformance`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { prepare } from '../../conformance/catalogue-run.ts';
import { liveRuns } from '../../conformance/qemu.ts';
import { runSequence } from '../../conformance/run.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { CATALOGUE } from '../../conformance/catalogue.ts';

const required = process.env['HPCHECK_QEMU'] === '1';
if (!required) console.warn('test/conformance: HPCHECK_QEMU is not 1, the QEMU smoke subset is skipped');

const SMOKE = CATALOGUE.sequences.filter((s) => s.smoke);

describe.runIf(required)('conformance smoke subset under QEMU (HPCHECK_QEMU=1)', () => {
  let prepared: ReturnType<typeof prepare> | undefined;
  /** Looked up on first use, so that nothing is built while the tests are only collected. */
  const environment = (): ReturnType<typeof prepare> => (prepared ??= prepare());
  afterAll(() => { expect(liveRuns()).toBe(0); });

  it('has QEMU, cpio and a kernel image (conformance/setup.sh)', () => {
    const env = environment();
    expect(env.ok ? '' : env.error).toBe('');
  });

  it('has at least three smoke sequences', () => {
    expect(SMOKE.length).toBeGreaterThanOrEqual(3);
  });

  for (const seq of SMOKE) {
    it(`${seq.name}: the kernel and the v6.1 model agree after every step`, async () => {
      const env = environment();
      if (!env.ok) throw new Error(env.error);
      const r = await runSequence(seq, CATALOGUE, { ...env.value, profile: findProfile('v6.1')!, deadlineMs: 150_000 });
      expect(r.error).toBeUndefined();
      expect(r.first).toBeUndefined();
      expect(r.records.map((x) => x.step)).toHaveLength(seq.steps.length + 1);
      expect(r.pass).toBe(true);
      expect(liveRuns()).toBe(0);
    }, 180_000);
  }
});
