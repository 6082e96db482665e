/**
 * User patches on the lock model, run as a user would: the example patch fixes seed 003's
 * unpaired mem_hotplug_done() on v5.6; a user patch reaches the worker threads and the saved
 * trace; a patch of the other model's points is one line naming the field, exit 2. And shrink
 * works on a lock trace.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpcheck, hpcheckJson } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-lock-patch-'));
const patchFile = (name: string, overrides: string): string => {
  const p = join(dir, `${name}.ts`);
  writeFileSync(p, `export default { name: '${name}', description: 'test', overrides: ${overrides} };\n`);
  return p;
};

describe('hpcheck check --layout dax-kmem-unbind --patch ./file.ts', () => {
  it('the example patch (-EBUSY returned before mem_hotplug_begin) makes lock-balance hold on v5.6', () => {
    const { status, json } = hpcheckJson('check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.6', '--property', 'lock-balance',
      '--patch', './examples/patches/try-remove-memory-return-busy.ts');
    expect(json).toMatchObject({ model: 'lock', verdict: 'verified', patches: ['try-remove-memory-return-busy'] });
    expect(status).toBe(0);
  });

  it('a user patch giving the blocking sysfs lock finds the named patch\'s deadlock, on 2 workers, and its saved trace replays', () => {
    const p = patchFile('my-blocking', "{ sysfsHotplugLock: 'blocking' }");
    const out = join(dir, 'dl.itf.json');
    const args = ['check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.1', '--property', 'deadlock-free'];
    const named = hpcheckJson(...args, '--patch', 'blocking-sysfs-lock');
    const user = hpcheckJson(...args, '--patch', p, '--workers', '2', '--out', out);
    expect(user.status).toBe(1);
    expect([user.json.verdict, user.json.states, user.json.violations[0].trace.length])
      .toEqual([named.json.verdict, named.json.states, named.json.violations[0].trace.length]);
    expect(JSON.parse(readFileSync(out, 'utf8'))['#meta'].patches).toEqual([p]);
    const again = hpcheck('replay', out);
    expect(again.stdout).toContain('✗ deadlock-free still fails at step 21 of 21');
    expect(again.status).toBe(1);
  });

  it('a hotplug behaviour point in a patch for the lock model: exit 2, one line naming the field', () => {
    const p = patchFile('wrong-model', '{ try_offline_node() {} }');
    const r = hpcheck('check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.1', '--patch', p);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('overrides.try_offline_node: a behaviour point of the hotplug model; --layout dax-kmem-unbind is a lock scenario');
  });
});

describe('hpcheck shrink on a lock trace', () => {
  it('the lock-balance fixture: the shortest trace stays 5 steps, the scenario stays whole, and the written trace replays', () => {
    const out = join(dir, 'lb.min.itf.json');
    const r = hpcheck('shrink', 'test/fixtures/dax-kmem-unbind.v5.6.lock-balance.itf.json', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('lock-balance on kernel v5.6: 5 -> 5 steps');
    expect(r.stdout).toContain('lock scenario: kept whole (only the path shrinks)');
    expect(r.stdout).toContain('WARNING: bad unlock balance detected!');
    expect(JSON.parse(readFileSync(out, 'utf8'))['#meta']).toMatchObject({ model: 'lock', origin: 'shrink' });
    expect(hpcheck('replay', out).status).toBe(1);
  });
});
