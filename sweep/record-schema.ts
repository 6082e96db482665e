/**
 * The schema of a sweep's run record (run.ts RunRecord), as `merge` and `--resume` read it:
 * a record that a sweep could not have written (a verdict "banana", states "many", a
 * violation verdict without violations) is refused naming the line and the field.
 */
import { z } from 'zod';
import { COVERAGE_KEYS } from './coverage.ts';
import type { RunRecord } from './run.ts';

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const violation = z.object({
  property: z.string().min(1).max(200),
  message: z.string().max(10_000),
  steps: count,
  trace: z.array(z.string().max(200)),
}).strict();

const record = z.object({
  type: z.literal('run'),
  layout: count,
  name: z.string().min(1).max(1000),
  members: count.min(1),
  config: z.string().min(1).max(1000),
  verdict: z.enum(['verified', 'violation', 'bounded']),
  states: count,
  transitions: count,
  depth: count,
  seconds: z.number().nonnegative().finite(),
  bounded: z.boolean(),
  violations: z.array(violation),
  fired: z.array(z.enum(COVERAGE_KEYS)),
  succeeded: z.array(z.enum(COVERAGE_KEYS)),
}).strict().refine((r) => (r.verdict === 'violation') === (r.violations.length > 0), {
  message: 'verdict and violations disagree (a violation verdict has violations, and only it)',
  path: ['verdict'],
});

/** The record on a line, or one line naming the first bad field. */
export function parseRecord(value: unknown): { ok: true; value: RunRecord } | { ok: false; error: string } {
  const r = record.safeParse(value);
  if (r.success) return { ok: true, value: r.data as RunRecord };
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'record';
  return { ok: false, error: `${field}: ${issue.message.replace(/[\r\n]+/g, ' ').slice(0, 200)}` };
}
