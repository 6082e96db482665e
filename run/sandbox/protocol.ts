/**
 * What the sandboxed child hands the verdict process, one JSON object a line on its fd 3:
 * a `fault` (what a patch did wrong, or that it ran over the time limit) and at most one
 * `result` (the exit code the command chose and the files it wants written). Anything else
 * on that channel is ignored; stdout and stderr are passed on only with a result.
 */
import { z } from 'zod';
import type { FileOp } from '../output-files.ts';

export interface ChildResult {
  readonly t: 'result';
  readonly exitCode: number;
  readonly files: readonly FileOp[];
}

export interface ChildFault {
  readonly t: 'fault';
  readonly text: string;
  /** The watchdog's: an override or the patch's import ran over the time limit. */
  readonly timeout: boolean;
}

export { RESULT_FD } from './watch.ts';

const fileOp = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('write'), path: z.string(), flag: z.string(), text: z.string() }),
  z.object({ kind: z.literal('append'), path: z.string(), flag: z.string(), text: z.string() }),
  z.object({ kind: z.literal('truncate'), path: z.string(), flag: z.string(), length: z.number().int().nonnegative() }),
]);

const message = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), exitCode: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(130)]), files: z.array(fileOp) }),
  z.object({ t: z.literal('fault'), text: z.string().max(2000), timeout: z.boolean() }),
]);

/** One line of the channel, or null when it is not a message of this protocol. */
export function parseChildLine(line: string): ChildResult | ChildFault | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const m = message.safeParse(value);
  return m.success ? (m.data as ChildResult | ChildFault) : null;
}
