/** Ctrl-C stops `sweep --jobs 1` as it stops `--jobs 2` (issue 18, defect 7): exit 130, the file complete up to the last run. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.ts';

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);

describe('sweep --jobs 1 and Ctrl-C', () => {
  it('stops after the run in progress: exit 130, fewer runs than planned, every line whole', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hpcheck-int-')), 's.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'sweep', '--kernel', 'v5.8', '--nodes', '2', '--blocks', '3', '--jobs', '1', '--out', out], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    while (lines(out).length < 3) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await ended;
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted after \d+ of \d+ runs/);
    const [, done, planned] = /interrupted after (\d+) of (\d+) runs/.exec(stderr)!;
    expect(Number(done)).toBeLessThan(Number(planned));
    const records = lines(out).slice(1).map((l) => JSON.parse(l) as { layout: number });
    expect(records).toHaveLength(Number(done));
  }, 600_000);
});
