/** Runs the hpcheck CLI as a user would, from the repository root. */
import { spawnSync } from 'node:child_process';
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
