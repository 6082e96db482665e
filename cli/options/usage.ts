/**
 * Bad input: one line on stderr naming the field and the reason, and exit 2.
 */
import { EXIT } from '../../run/version.ts';

export function usageError(message: string): never {
  process.stderr.write(`hpcheck: ${message}\n`);
  process.exit(EXIT.usage);
}

/** The progress line is drawn when asked for, or on a terminal unless the output is JSON. */
export const wantsProgress = (flags: { progress?: boolean | undefined; json?: boolean | undefined }): boolean =>
  flags.progress === true || (!flags.json && process.stderr.isTTY === true);
