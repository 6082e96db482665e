/**
 * A user patch cannot fake the verdict (issue 18): each hostile patch in
 * test/fixtures/patches/, on a layout whose honest verdict is a violation (exit 1), ends in
 * one line and exit 2 with nothing written, whatever it does: exit, set the exit code, add
 * an exit handler, throw, never settle, loop, allocate, read /etc/passwd, write a file or
 * start a process, at import or in an override. The process that prints the verdict never
 * loads the patch (run/sandbox/).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, hpcheckAsync, oneLineError } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-sandbox-'));
const LIMITS = { HPCHECK_PATCH_TIME_LIMIT: '5', HPCHECK_PATCH_MEMORY_MB: '256' };
/** Each case is a child process that starts a sandboxed child: generous on a loaded machine. */
const SLOW = 600_000;
const fixture = (name: string): string => `./test/fixtures/patches/${name}.ts`;

/** The fixture, and what the one line must say. */
const HOSTILE: readonly [string, RegExp][] = [
  ['exit-at-import', /exit code 0 before a result/],
  ['exit-in-override', /exit code 0 before a result/],
  ['exitcode-in-override', /overrides\.try_offline_node changed process\.exitCode/],
  ['exit-handler', /import of the module changed process\.exitCode or the process's exit handlers/],
  ['throw-at-import', /cannot load the module: boom at import/],
  ['throw-in-override', /overrides\.try_offline_node threw Error: boom/],
  ['never-settles', /never finished loading/],
  ['loop-at-import', /the import of the module ran longer than the time limit \(5 s/],
  ['loop-in-override', /overrides\.try_offline_node ran longer than the time limit/],
  ['memory-hog', /overrides\.try_offline_node ran longer than the time limit|ran out of memory/],
  ['read-at-import', /denied by the sandbox \(\/etc\/passwd\)/],
  ['read-in-override', /overrides\.try_offline_node was denied by the sandbox \('\/etc\/passwd'\)/],
  ['write-at-import', /denied by the sandbox/],
  ['write-in-override', /overrides\.try_offline_node was denied by the sandbox/],
  ['spawn-in-override', /overrides\.try_offline_node was denied by the sandbox/],
  ['zone-policy-empty', /overrides\.zone_policy\.name: must be a string/],
  ['link-failure-banana', /overrides\.link_failure: must be one of 'bug-on', 'ignore' \(got 'banana'\)/],
  ['mem-nid-true', /overrides\.mem_nid: must be one of 'v5\.3', 'v5\.4' \(got true\)/],
  ['returns-string', /overrides\.register_mem_sect_under_node: must return 0 or a positive errno \(returned 'abc'\)/],
];

describe.concurrent('a hostile patch on check: one line, exit 2, nothing written', () => {
  it('without a patch the layout violates (exit 1), so exit 0 would be a faked verdict', async () => {
    const r = await hpcheckAsync(['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'link-consistency']);
    expect(r.status).toBe(1);
  }, SLOW);
  for (const [name, says] of HOSTILE) {
    it(name, async () => {
      const out = join(dir, `${name}.itf.json`);
      const written = join(dir, `${name}.written`);
      const r = await hpcheckAsync(['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--patch', fixture(name), '--out', out],
        { ...LIMITS, HOSTILE_OUT: written });
      expect(oneLineError(r)).toBeNull();
      expect(r.stderr).toMatch(says);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(existsSync(written)).toBe(false);
    }, SLOW);
  }
});

describe.concurrent('a hostile patch on the other commands', () => {
  const cases: readonly [string, string[], RegExp][] = [
    ['check --workers 2, exit', ['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--workers', '2', '--patch', fixture('exit-in-override')], /threw|exit|worker/i],
    ['check --workers 2, throw', ['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--workers', '2', '--patch', fixture('throw-in-override')], /overrides\.try_offline_node threw Error: boom/],
    ['prove, exit', ['prove', '--kernel', 'v5.8', '--patch', fixture('exit-in-override'), '--nodes', '1', '--blocks', '2', '--jobs', '1'], /exit code 0 before a result/],
    ['prove, throw', ['prove', '--kernel', 'v5.8', '--patch', fixture('throw-in-override'), '--nodes', '1', '--blocks', '2', '--jobs', '1'], /threw Error: boom/],
    ['sweep --jobs 1, exit', ['sweep', '--kernel', 'v5.8', '--patch', fixture('exit-in-override'), '--nodes', '1', '--blocks', '2', '--jobs', '1', '--out', join(dir, 'sweep1.jsonl')], /exit code 0 before a result/],
    ['sweep --jobs 2, throw', ['sweep', '--kernel', 'v5.8', '--patch', fixture('throw-in-override'), '--nodes', '1', '--blocks', '2', '--jobs', '2', '--out', join(dir, 'sweep2.jsonl')], /threw Error: boom/],
    ['simulate, exit', ['simulate', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'node-offline-safe', '--seed', '1', '--runs', '50', '--patch', fixture('exit-in-override'), '--out', join(dir, 'sim.itf.json')], /exit code 0 before a result/],
    ['simulate, loop', ['simulate', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'node-offline-safe', '--seed', '1', '--runs', '50', '--patch', fixture('loop-in-override')], /ran longer than the time limit/],
  ];
  for (const [name, args, says] of cases) {
    it(name, async () => {
      const r = await hpcheckAsync(args, LIMITS);
      expect(oneLineError(r)).toBeNull();
      expect(r.stderr).toMatch(says);
      for (const f of ['sweep1.jsonl', 'sweep2.jsonl', 'sim.itf.json']) expect(existsSync(join(dir, f))).toBe(false);
    }, SLOW);
  }
});

describe('a patch outside the checkout (defect 0)', () => {
  it('loads from any directory, its types imported from "hpcheck"', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'kernel-tree-'));
    const fix = join(elsewhere, 'fix.ts');
    copyFileSync(join(ROOT, 'examples/patches/try-offline-node-linked.ts'), fix);
    const r = await hpcheckAsync(['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'node-offline-safe', '--patch', fix, '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'verified', patches: ['try-offline-node-linked'] });
  }, SLOW);

  it('type-checks there against the package export, as in a project that installed hpcheck', () => {
    const project = mkdtempSync(join(tmpdir(), 'kernel-fix-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(ROOT, join(project, 'node_modules/hpcheck'));
    copyFileSync(join(ROOT, 'examples/patches/try-offline-node-linked.ts'), join(project, 'fix.ts'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, allowImportingTsExtensions: true, types: [] },
      files: ['fix.ts'],
    }));
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, SLOW);
});
