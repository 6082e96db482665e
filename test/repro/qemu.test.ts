/**
 * repro --run against Linux 6.1 under QEMU/TCG (HPCHECK_QEMU=1, as the conformance smoke tests):
 * the counterexamples of seed 001 and of seed 000's x86 half, predicted with the v6.1 profile,
 * run step by step; the kernel does what v6.1 predicts at every step, in the sysfs comparison
 * and in guest.sh's own checks, each step within the two-minute budget.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepare } from '../../conformance/catalogue-run.ts';
import { liveRuns } from '../../conformance/qemu.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { parseLayout } from '../../model/layout/parse.ts';
import { planRepro } from '../../repro/plan.ts';
import { predictAll } from '../../repro/predict.ts';
import { runRepro, STEP_BUDGET_MS, type StepResult } from '../../repro/run.ts';
import { writeRepro } from '../../repro/script.ts';
import { ROOT } from '../cli/run-cli.ts';

const required = process.env['HPCHECK_QEMU'] === '1';
const tmp = mkdtempSync(join(tmpdir(), 'hpcheck-repro-qemu-'));
afterAll(() => { rmSync(tmp, { recursive: true, force: true }); expect(liveRuns()).toBe(0); });

async function run(file: string, kernel: string): Promise<StepResult[]> {
  const env = prepare();
  if (!env.ok) throw new Error(env.error);
  const meta = JSON.parse(readFileSync(join(ROOT, 'test/fixtures', file), 'utf8'))['#meta'];
  const l = parseLayout(JSON.stringify(meta.layout), file);
  if (!l.ok) throw new Error(l.error);
  const p = planRepro({ source: file, layout: l.layout, kernel: meta.kernel, patches: meta.patches, property: meta.property, message: meta.message, actions: meta.actions });
  if (!p.ok) throw new Error(p.error);
  const profile = findProfile(kernel)!;
  const dir = join(tmp, file);
  writeRepro(dir, p.value, await predictAll(p.value, profile, []), kernel);
  return runRepro(p.value, profile, [], { kernel: env.value.kernel, initrd: env.value.initrd, workDir: dir, guestScript: readFileSync(join(dir, 'guest.sh'), 'utf8') }, () => {});
}

describe.runIf(required)('repro --run on Linux 6.1 under QEMU (HPCHECK_QEMU=1)', () => {
  it('seed 001 (memoryless-node-two-dimms, v5.3 trace): boot, two adds and the remove are what v6.1 predicts', async () => {
    const r = await run('memoryless-node-two-dimms.v5.3.node-offline-safe.itf.json', 'v6.1');
    expect(r.map((x) => [x.index, x.verdict, x.script?.[0]?.slice(0, 11)])).toEqual([0, 1, 2, 3].map((i) => [i, 'PASS', `PASS step ${i}`]));
    for (const x of r) expect(x.seconds * 1000).toBeLessThan(STEP_BUDGET_MS);
  }, 600_000);

  it('seed 000, x86 half (acpi-early-hotadd): the DIMM on QEMU\'s command line is added by ACPI during boot and linked under node1 only, as v6.1 predicts', async () => {
    const r = await run('acpi-early-hotadd.v5.9.single-node-per-block.itf.json', 'v6.1');
    expect(r.map((x) => [x.index, x.verdict])).toEqual([[0, 'PASS']]);
    expect(r[0]!.seconds * 1000).toBeLessThan(STEP_BUDGET_MS);
  }, 300_000);
});
