/**
 * Sizes, addresses and ranges as layout files write them (docs/cli.md#layout-files), and back.
 *
 * Sizes follow the kernel's memparse(): a number in decimal or hex, optionally with a binary
 * K/M/G/T suffix. `256M`, `256MiB` and `256MB` all mean 256 * 2^20; lower case is accepted.
 *
 * Ranges follow the boot log ("Early memory node ranges", "[mem 0x...-0x...]"): the end is
 * INCLUSIVE, so `0x00000000-0x0fffffff` is the first 256M. Internally every range is
 * half-open, [start, end), in bytes.
 */

import type { Range } from './types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const SHIFT: Readonly<Record<string, number>> = { '': 0, K: 10, M: 20, G: 30, T: 40 };
const SIZE_RE = /^(0x[0-9a-f]+|\d+)\s*(?:([kmgt])(?:i?b)?|b)?$/i;
const RANGE_EXAMPLE = 'expected a range like 0x10000000-0x1fffffff, { start, size } or { start, end }';

/**
 * parseSize() - a size or address: a non-negative integer, or a string such as `0x10000000`,
 * `268435456`, `256M`, `256MiB`, `256mb`, `4096B`.
 *
 * Return: the value in bytes, or an error naming what was wrong (no field path).
 */
export function parseSize(input: unknown): Parsed<number> {
  if (typeof input === 'number') return checkInteger(input, String(input));
  if (typeof input !== 'string') return { ok: false, error: `expected a size such as 256M or 0x10000000, got ${describeValue(input)}` };
  const m = SIZE_RE.exec(input.trim());
  if (!m) return { ok: false, error: `"${input}" is not a size (write it like 0x10000000, 268435456 or 256M)` };
  const digits = m[1] ?? '';
  const base = digits.toLowerCase().startsWith('0x') ? Number.parseInt(digits.slice(2), 16) : Number.parseInt(digits, 10);
  return checkInteger(base * 2 ** (SHIFT[(m[2] ?? '').toUpperCase()] ?? 0), `"${input}"`);
}

function checkInteger(value: number, shown: string): Parsed<number> {
  if (!Number.isInteger(value) || value < 0) return { ok: false, error: `${shown} is not a non-negative whole number of bytes` };
  if (!Number.isSafeInteger(value)) return { ok: false, error: `${shown} is too large` };
  return { ok: true, value };
}

/**
 * parseRange() - a range of physical memory, in one of three forms:
 *   - `0x10000000-0x1fffffff`: start and INCLUSIVE end, as the boot log prints them
 *     (a surrounding `[mem ...]` is accepted, so a log line can be pasted);
 *   - `{ start: X, size: Y }`;
 *   - `{ start: X, end: Y }`: Y is INCLUSIVE, like the log (the last byte, e.g. 0x1fffffff).
 * X and Y are sizes as parseSize() reads them.
 *
 * Return: the half-open range [start, end), or an error. An empty or inverted range is an error.
 */
export function parseRange(input: unknown): Parsed<Range> {
  if (typeof input === 'string') return parseRangeString(input);
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return parseRangeObject(input as Record<string, unknown>);
  return { ok: false, error: `${RANGE_EXAMPLE}, got ${describeValue(input)}` };
}

function parseRangeString(input: string): Parsed<Range> {
  const text = input.trim().replace(/^\[mem\s+(.*)\]$/i, '$1');
  const parts = text.split('-');
  if (parts.length !== 2) return { ok: false, error: `"${input}": ${RANGE_EXAMPLE}` };
  const start = parseSize(parts[0]);
  if (!start.ok) return { ok: false, error: `start: ${start.error}` };
  const last = parseSize(parts[1]);
  if (!last.ok) return { ok: false, error: `end: ${last.error}` };
  return makeRange(start.value, last.value + 1);
}

function parseRangeObject(input: Record<string, unknown>): Parsed<Range> {
  const keys = Object.keys(input);
  const unknown = keys.find((k) => k !== 'start' && k !== 'size' && k !== 'end');
  if (unknown !== undefined) return { ok: false, error: `unknown key "${unknown}" (${RANGE_EXAMPLE})` };
  if (!('start' in input)) return { ok: false, error: `missing start (${RANGE_EXAMPLE})` };
  if (('size' in input) === ('end' in input)) return { ok: false, error: `give exactly one of size and end (${RANGE_EXAMPLE})` };
  const start = parseSize(input.start);
  if (!start.ok) return { ok: false, error: `start: ${start.error}` };
  if ('size' in input) {
    const size = parseSize(input.size);
    if (!size.ok) return { ok: false, error: `size: ${size.error}` };
    if (size.value === 0) return { ok: false, error: 'size must not be zero' };
    return makeRange(start.value, start.value + size.value);
  }
  const last = parseSize(input.end);
  if (!last.ok) return { ok: false, error: `end: ${last.error}` };
  return makeRange(start.value, last.value + 1);
}

function makeRange(start: number, end: number): Parsed<Range> {
  if (end <= start) {
    return { ok: false, error: `empty range: end ${formatAddress(end - 1)} (inclusive) is below start ${formatAddress(start)}` };
  }
  if (!Number.isSafeInteger(end)) return { ok: false, error: 'range end is too large' };
  return { ok: true, value: { start, end } };
}

/** formatSize() - bytes in the largest binary unit that divides them exactly: `256M`, `1G`, `64K`, `100`. */
export function formatSize(bytes: number): string {
  for (const unit of ['T', 'G', 'M', 'K'] as const) {
    const scale = 2 ** (SHIFT[unit] ?? 0);
    if (bytes !== 0 && bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return String(bytes);
}

/** formatAddress() - `0x` and at least 8 hex digits, as the boot log prints addresses. */
export function formatAddress(addr: number): string {
  return `0x${addr.toString(16).padStart(8, '0')}`;
}

/** formatRange() - a half-open range in boot-log style, inclusive end: `0x10000000-0x1fffffff`. */
export function formatRange(r: Range): string {
  return `${formatAddress(r.start)}-${formatAddress(r.end - 1)}`;
}

/** describeValue() - a short rendering of a user's value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
