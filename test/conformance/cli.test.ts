/**
 * conformance/main.ts (`npm run test:conformance`) on bad input: one line naming the field and
 * the reason, exit code 2, no stack trace, and no QEMU started.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.ts';

function conformance(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'conformance/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('conformance command line', () => {
  it.each([
    [['--only', 'no-such-sequence'], 'hpcheck conformance: --only: no sequence named "no-such-sequence"'],
    [['--kernel', '/nonexistent/vmlinuz'], 'hpcheck conformance: --kernel: cannot read /nonexistent/vmlinuz'],
    [['--deadline', '0'], 'hpcheck conformance: --deadline: expected a positive whole number of seconds, got "0"'],
    [['--profile', 'v9.9'], 'hpcheck conformance: --profile: unknown kernel profile "v9.9"'],
  ])('%j: exit 2 with one line', (args, line) => {
    const r = conformance(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(line);
    expect(r.stdout).toBe('');
  });
});
