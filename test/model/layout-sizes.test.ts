import { describe, expect, it } from 'vitest';
import { formatRange, formatSize, parseRange, parseSize } from '../../model/layout/sizes.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const M = 2 ** 20;

describe('parseSize', () => {
  it('numbers, decimal and hex strings: bytes', () => {
    expect(value(parseSize(4096))).toBe(4096);
    expect(value(parseSize('268435456'))).toBe(256 * M);
    expect(value(parseSize('0x10000000'))).toBe(256 * M);
    expect(value(parseSize('0X1000'))).toBe(4096);
  });

  it('K/M/G/T suffixes, with iB or B, any case: binary multiples', () => {
    for (const s of ['256M', '256m', '256MiB', '256MB', '256mb', '256 M']) expect(value(parseSize(s))).toBe(256 * M);
    expect(value(parseSize('64K'))).toBe(64 * 1024);
    expect(value(parseSize('1G'))).toBe(1024 * M);
    expect(value(parseSize('2T'))).toBe(2 * 2 ** 40);
    expect(value(parseSize('4096B'))).toBe(4096);
    expect(value(parseSize('0x10M'))).toBe(16 * M);
  });

  it('zero: accepted (the caller decides whether zero is allowed)', () => {
    expect(value(parseSize('0'))).toBe(0);
  });

  it('negative, fractional, unknown suffix, junk, too large, wrong type: rejected', () => {
    for (const bad of [-1, 1.5, '1.5M', '256Q', 'M', '0x', '', '-4K', '0xffffffffffffffffff', true, null, [1], {}]) {
      expect(parseSize(bad).ok, String(bad)).toBe(false);
    }
  });
});

describe('parseRange', () => {
  it('log form with inclusive end: half-open range', () => {
    expect(value(parseRange('0x00000000-0x0fffffff'))).toEqual({ start: 0, end: 0x10000000 });
    expect(value(parseRange(' 0x10000000 - 0x1fffffff '))).toEqual({ start: 0x10000000, end: 0x20000000 });
  });

  it('a pasted "[mem ...]" from the boot log: accepted', () => {
    expect(value(parseRange('[mem 0x0000000100000000-0x000000013fffffff]'))).toEqual({ start: 4096 * M, end: 5120 * M });
  });

  it('{ start, size } and { start, end } (end inclusive): half-open range', () => {
    expect(value(parseRange({ start: '1G', size: '256M' }))).toEqual({ start: 1024 * M, end: 1280 * M });
    expect(value(parseRange({ start: 0x40000000, end: '0x4fffffff' }))).toEqual({ start: 1024 * M, end: 1280 * M });
  });

  it('a single byte: accepted', () => {
    expect(value(parseRange('0x1000-0x1000'))).toEqual({ start: 0x1000, end: 0x1001 });
  });

  it('empty, inverted, zero size, both size and end, unknown key, no start, bad parts: rejected', () => {
    const bad = [
      '0x1000-0x0fff',
      '0x2000-0x1000',
      { start: 0, size: 0 },
      { start: 0, size: 1, end: 0 },
      { start: 0, length: 1 },
      { size: 1 },
      '0x1000',
      '0x1000-0x2000-0x3000',
      '0x1000-zz',
      42,
      null,
    ];
    for (const b of bad) expect(parseRange(b).ok, JSON.stringify(b)).toBe(false);
  });
});

describe('formatSize and formatRange', () => {
  it('formatSize: the largest exact binary unit', () => {
    expect(formatSize(256 * M)).toBe('256M');
    expect(formatSize(1024 * M)).toBe('1G');
    expect(formatSize(64 * 1024)).toBe('64K');
    expect(formatSize(1536 * M)).toBe('1536M');
    expect(formatSize(100)).toBe('100');
    expect(formatSize(0)).toBe('0');
  });

  it('formatRange: boot-log style, inclusive end, at least 8 hex digits', () => {
    expect(formatRange({ start: 0x10000000, end: 0x20000000 })).toBe('0x10000000-0x1fffffff');
    expect(formatRange({ start: 0, end: 0x1000 })).toBe('0x00000000-0x00000fff');
    expect(formatRange({ start: 4096 * M, end: 5120 * M })).toBe('0x100000000-0x13fffffff');
  });

  it('formatRange of parseRange: round trip', () => {
    expect(formatRange(value(parseRange('0x2c000000-0x2fffffff')))).toBe('0x2c000000-0x2fffffff');
  });
});
