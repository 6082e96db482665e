/**
 * The fixed kernels on the big layouts: random walks find no violation of any property.
 * The default run takes 300 walks per layout and kernel; `npm run test:simulate-fixed`
 * (HPCHECK_SLOW=1) takes 10,000. A violation here is a finding: a kernel bug still present
 * in v5.10 or v6.1, or a bug in the model; look at the trace before changing anything.
 * The seed is SIM_SEED (default 1).
 */
import { describe, expect, it } from 'vitest';
import { resolveKernel } from '../../run/resolve.ts';
import { runSimulation } from '../../run/simulate.ts';
import { bigLayoutNames, loadLayout } from '../../model/layout/load.ts';

const WALKS = process.env['HPCHECK_SLOW'] === '1' ? 10_000 : 300;
const SEED = Number(process.env['SIM_SEED'] ?? 1);

describe(`fixed kernels on the big layouts, ${WALKS} walks, seed ${SEED}`, () => {
  const cases = bigLayoutNames().flatMap((l) => ['v5.10', 'v6.1'].map((k) => [l, k] as const));
  it.each(cases)('%s on %s: no violation of any property', async (layout, kernel) => {
    const l = loadLayout(layout);
    const cfg = await resolveKernel({ kernel });
    if (!l.ok || !cfg.ok) throw new Error('bad case');
    const { res, shrunk } = runSimulation({ config: cfg.value, patchArgs: [], layout: l.layout, runs: WALKS, depth: 50, seed: SEED });
    const found = shrunk ? `${shrunk.violation.property}: ${shrunk.violation.message} after ${shrunk.violation.trace.slice(1).map((t) => t.action).join(', ')}` : null;
    expect(found).toBeNull();
    expect(res).toMatchObject({ verdict: 'bounded', walks: WALKS });
  });
});
