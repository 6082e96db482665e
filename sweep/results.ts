/**
 * A sweep's results file: JSON lines. The first line is the header (what was swept), every
 * other line one run record (run.ts). Records are appended as runs finish, so a file cut
 * short by an interrupt holds every finished run, and at most a partial last line, which
 * reading drops.
 */
import { existsSync, readFileSync } from 'node:fs';
import { appendOutput, isDirectory, truncateOutput, writeOutput } from '../run/output-files.ts';
import type { Bounds } from '../model/layout/enumerate.ts';
import { parseRecord } from './record-schema.ts';
import type { RunConfig, RunRecord } from './run.ts';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface SweepHeader {
  readonly type: 'sweep';
  readonly tool: 'hpcheck';
  readonly version: string;
  readonly bounds: Bounds;
  readonly configs: readonly RunConfig[];
  /** The property names checked (all of them when none was named). */
  readonly properties: readonly string[];
  readonly maxStates: number | null;
  readonly shard: Shard | null;
  /** The whole enumeration, before sharding: classes and the layouts they stand for. */
  readonly classes: number;
  readonly layouts: number;
}

export interface ResultsFile {
  readonly header: SweepHeader;
  readonly records: readonly RunRecord[];
  /** Bytes of complete lines; a partial last line starts here. */
  readonly completeBytes: number;
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** readResults() - the header and records of a results file, or one line saying what is wrong. */
export function readResults(path: string): Read<ResultsFile> {
  if (!existsSync(path)) return { ok: false, error: `${path}: no such file` };
  if (isDirectory(path)) return { ok: false, error: `${path}: is a directory, not a results file` };
  // Line by line from the bytes: a big sweep's file is longer than a JS string may be.
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, error: `${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  const parsed: unknown[] = [];
  let start = 0;
  for (let end = bytes.indexOf(10, start); end >= 0; start = end + 1, end = bytes.indexOf(10, start)) {
    try {
      parsed.push(JSON.parse(bytes.toString('utf8', start, end)));
    } catch {
      return { ok: false, error: `${path}: line ${parsed.length + 1}: not JSON` };
    }
  }
  const complete = start;
  if (parsed.length === 0) return { ok: false, error: `${path}: empty (no sweep header)` };
  const header = parsed[0] as Partial<SweepHeader>;
  if (header?.type !== 'sweep' || header.tool !== 'hpcheck') return { ok: false, error: `${path}: line 1: not an hpcheck sweep header` };
  const records: RunRecord[] = [];
  for (const [i, r] of parsed.slice(1).entries()) {
    const rec = parseRecord(r);
    if (!rec.ok) return { ok: false, error: `${path}: line ${i + 2}: ${rec.error}` };
    records.push(rec.value);
  }
  return { ok: true, value: { header: header as SweepHeader, records, completeBytes: complete } };
}

/**
 * A header field as compared. Configurations compare by label: a user patch's label names
 * its content (patchIdentity() in cli/options/sweep-options.ts), its path is only where a worker loads it.
 */
function show(f: keyof SweepHeader, h: SweepHeader): string {
  if (f === 'shard') return h.shard ? `${h.shard.index}/${h.shard.count}` : 'none';
  if (f === 'configs') return JSON.stringify(h.configs.map((c) => c.label));
  return JSON.stringify(h[f]);
}

/**
 * headerMismatch() - the first field in which two sweeps differ, or null when one's records
 * can stand for the other's.
 * @ignoreShard: true when comparing shards of one sweep
 */
export function headerMismatch(a: SweepHeader, b: SweepHeader, ignoreShard: boolean): string | null {
  const fields: (keyof SweepHeader)[] = ['bounds', 'configs', 'properties', 'maxStates', 'classes', 'layouts'];
  if (!ignoreShard) fields.push('shard');
  for (const f of fields) {
    const x = show(f, a);
    const y = show(f, b);
    if (x !== y) return `${f} differs (${x} vs ${y})`;
  }
  return null;
}

/** The key of a run: which layout under which configuration. */
export const runKey = (r: { layout: number; config: string }): string => `${r.layout}\0${r.config}`;

/**
 * A results file that records are appended to, a line at a time (through run/output-files.ts,
 * so an I/O failure is one line and exit 2, and a sandboxed run writes nothing itself).
 */
export class ResultsWriter {
  readonly #path: string;

  private constructor(path: string) { this.#path = path; }

  /** Starts a new file with `header`, replacing any file at `path`. */
  static create(path: string, header: SweepHeader): ResultsWriter {
    writeOutput('--out', path, `${JSON.stringify(header)}\n`);
    return new ResultsWriter(path);
  }

  /** Continues a file read by readResults(), dropping a partial last line. */
  static resume(path: string, file: ResultsFile): ResultsWriter {
    truncateOutput('--out', path, file.completeBytes);
    return new ResultsWriter(path);
  }

  append(r: RunRecord): void { appendOutput('--out', this.#path, `${JSON.stringify(r)}\n`); }

  close(): void { /* every line is written when appended */ }
}
