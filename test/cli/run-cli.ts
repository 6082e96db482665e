/** Runs the hpcheck CLI as a user would, from the repository root. */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult { status: number; stdout: string; stderr: string }

export function hpcheck(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function hpcheckJson(...args: string[]): { status: number; json: Record<string, any> } {
  const r = hpcheck(...args, '--json');
  return { status: r.status, json: JSON.parse(r.stdout) };
}

/** The same, without blocking: for tests that run many command lines side by side. */
export function hpcheckAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}

/** Exit 2 and stderr one line (containing each of `parts`), without a stack trace. */
export function oneLineError(r: CliResult): string | null {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  if (r.status !== 2) return `exit ${r.status}, not 2 (stderr: ${r.stderr.slice(0, 300)})`;
  if (lines.length !== 1) return `${lines.length} lines on stderr: ${r.stderr.slice(0, 500)}`;
  if (/\n\s+at |^\s+at /.test(r.stderr)) return `a stack trace: ${r.stderr.slice(0, 300)}`;
  return null;
}
