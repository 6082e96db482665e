/**
 * Running a list of sequences one after the other (one QEMU at a time: the machine has two
 * cores), and the results table.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInitramfs } from './initramfs.ts';
import { REFERENCE_MACHINE, type QemuMachine } from './machine.ts';
import { runSequence, type RunOptions, type SequenceResult } from './run.ts';
import type { Catalogue, Sequence } from './sequence.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where images, the initramfs and the logs of each run go ($HPCHECK_CONFORMANCE_CACHE). */
export const CACHE_DIR = resolve(process.env['HPCHECK_CONFORMANCE_CACHE'] ?? join(ROOT, '.cache/conformance'));

export interface Environment {
  readonly kernel: string;
  readonly initrd: string;
  readonly workDir: string;
  readonly machine: QemuMachine;
}

/** The Debian releases conformance/setup.sh fetches, each compared with the profile of its name. */
export const RELEASES = ['6.1', '6.12', '7.2'] as const;
export type Release = (typeof RELEASES)[number];

/** The newest kernel image of `release` that conformance/setup.sh extracted, if any. */
function cachedKernel(release: Release): string | undefined {
  const dir = join(CACHE_DIR, 'boot');
  if (!existsSync(dir)) return undefined;
  const images = readdirSync(dir).filter((f) => f.startsWith(`vmlinuz-${release}.`)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const last = images[images.length - 1];
  return last === undefined ? undefined : join(dir, last);
}

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * fetchRelease() - run conformance/setup.sh for `release` (it installs what is missing and
 * downloads the image once). Return: the image, or the script's last line of complaint.
 */
export function fetchRelease(release: Release): { ok: true; value: string } | { ok: false; error: string } {
  try {
    const out = execFileSync('bash', [join(ROOT, 'conformance/setup.sh'), release], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, value: out.trim().split('\n').pop()! };
  } catch (e) {
    const err = String((e as { stderr?: string }).stderr ?? '').trim().split('\n').pop() ?? '';
    return { ok: false, error: `--kernel ${release}: conformance/setup.sh failed: ${err}` };
  }
}

/**
 * prepare() - find the kernel (`kernel`, else $HPCHECK_KERNEL, else the cached Debian image of `release`)
 * and QEMU, and build the initramfs. Return: the environment, or one line saying what is missing.
 */
export function prepare(kernel?: string, release: Release = '6.1'): { ok: true; value: Environment } | { ok: false; error: string } {
  const image = kernel ?? process.env['HPCHECK_KERNEL'] ?? cachedKernel(release);
  const field = kernel !== undefined ? '--kernel' : process.env['HPCHECK_KERNEL'] !== undefined ? 'HPCHECK_KERNEL' : 'kernel';
  if (image === undefined) return { ok: false, error: `kernel: no Linux ${release} image; run conformance/setup.sh ${release}, or pass --kernel FILE` };
  try {
    accessSync(image, constants.R_OK);
  } catch {
    return { ok: false, error: `${field}: cannot read ${image}` };
  }
  if (!onPath('qemu-system-x86_64')) return { ok: false, error: 'qemu-system-x86_64: not installed; run conformance/setup.sh' };
  if (!onPath('cpio')) return { ok: false, error: 'cpio: not installed; run conformance/setup.sh' };
  mkdirSync(CACHE_DIR, { recursive: true });
  const initrd = buildInitramfs(CACHE_DIR);
  return { ok: true, value: { kernel: resolve(image), initrd, workDir: join(CACHE_DIR, 'runs'), machine: REFERENCE_MACHINE } };
}

/** Runs `sequences` one at a time; `onResult` is told after each. */
export async function runCatalogue(
  sequences: readonly Sequence[], cat: Catalogue, o: RunOptions, onResult: (r: SequenceResult) => void,
): Promise<SequenceResult[]> {
  const results: SequenceResult[] = [];
  for (const seq of sequences) {
    const r = await runSequence(seq, cat, o);
    onResult(r);
    results.push(r);
  }
  return results;
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** The results table, the declared abstractions and the allowed outcomes that occurred. */
export function table(results: readonly SequenceResult[], cat: Catalogue, kernel: string, profile: string, seconds: number): string {
  const rows = [['sequence', 'steps', 'result', 'first difference (real | model)']];
  rows.push(rows[0]!.map((h) => '-'.repeat(h.length)));
  for (const r of results) {
    const diff = r.error !== undefined ? `error: ${r.error}`
      : r.first ? `${r.first.step}: ${r.first.diff.field}: ${r.first.diff.real} | ${r.first.diff.model}` : '';
    rows.push([r.name, String(r.steps), r.pass ? 'pass' : 'FAIL', diff]);
  }
  const passed = results.filter((r) => r.pass).length;
  const lines = [
    `kernel ${kernel}, model profile ${profile}`,
    '',
    pad(rows),
    '',
    'not compared one to one (declared abstractions):',
    ...cat.abstractions.map((a) => `  ${a.id}: ${a.fields}: ${a.reason}`),
  ];
  const allowed = results.flatMap((r) => r.allowed.map((a) => `  ${r.name}: ${a}`));
  if (allowed.length > 0) lines.push('', 'allowed kernel outcomes the model does not predict (they occurred):', ...allowed);
  const known = results.flatMap((r) => r.known.map((k) => `  ${r.name}: ${k}`));
  if (known.length > 0) lines.push('', 'known divergences of the model (declared; they occurred):', ...known);
  lines.push('', `${passed} of ${results.length} sequences passed in ${seconds.toFixed(0)} s`);
  return `${lines.join('\n')}\n`;
}
