/**
 * The conformance smoke subset: the sequences marked `smoke` in catalogue.ts, each booted under
 * QEMU/TCG with Linux 6.1 and compared with the model's v6.1 profile after every step; and one
 * sequence on each newer release (`smokeOn`: Linux 6.12 and 7.2 with their profiles).
 *
 * .ci/run installs QEMU and the kernel (conformance/setup.sh) and sets HPCHECK_QEMU=1: then a
 * missing QEMU or kernel fails these tests. Without it they are skipped: a boot costs about
 * 10 s of both cores, too much for every `npm test`. The whole catalogue is
 * `npm run test:conformance`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { prepare, RELEASES, type Release } from '../../conformance/catalogue-run.ts';
import { liveRuns } from '../../conformance/qemu.ts';
import { runSequence } from '../../conformance/run.ts';
import { inSmoke, runsOn } from '../../conformance/sequence.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { CATALOGUE } from '../../conformance/catalogue.ts';

const required = process.env['HPCHECK_QEMU'] === '1';
if (!required) console.warn('test/conformance: HPCHECK_QEMU is not 1, the QEMU smoke subset is skipped');

const smoke = (release: Release) => CATALOGUE.sequences.filter((s) => runsOn(s, release) && inSmoke(s, release));

describe.runIf(required).each(RELEASES)('conformance smoke subset of Linux %s under QEMU (HPCHECK_QEMU=1)', (release) => {
  let prepared: ReturnType<typeof prepare> | undefined;
  /** Looked up on first use, so that nothing is built while the tests are only collected. */
  const environment = (): ReturnType<typeof prepare> => (prepared ??= prepare(undefined, release));
  afterAll(() => { expect(liveRuns()).toBe(0); });

  it(`has QEMU, cpio and a Linux ${release} image (conformance/setup.sh ${release})`, () => {
    const env = environment();
    expect(env.ok ? '' : env.error).toBe('');
  });

  it('has its smoke sequences (three on 6.1, one on each newer release)', () => {
    expect(smoke(release).length).toBeGreaterThanOrEqual(release === '6.1' ? 3 : 1);
  });

  for (const seq of smoke(release)) {
    it(`${seq.name}: the kernel and the v${release} model agree after every step`, async () => {
      const env = environment();
      if (!env.ok) throw new Error(env.error);
      const r = await runSequence(seq, CATALOGUE, { ...env.value, profile: findProfile(`v${release}`)!, deadlineMs: 150_000 });
      expect(r.error).toBeUndefined();
      expect(r.first).toBeUndefined();
      expect(r.records.map((x) => x.step)).toHaveLength(seq.steps.length + 1);
      expect(r.pass).toBe(true);
      expect(liveRuns()).toBe(0);
    }, 180_000);
  }
});
