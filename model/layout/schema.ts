/**
 * The shape of a layout file (docs/cli.md#layout-files), as a zod schema, and the one-line description of
 * a schema issue.
 *
 * The schema checks shape only: every object is strict, sizes and ranges are converted to
 * bytes (ranges half-open), and defaults are applied. The cross-field rules (alignment,
 * overlap, declared nodes, model limits) are in parse.ts.
 */

import { z } from 'zod';
import { describeValue, parseRange, parseSize } from './sizes.ts';

const size = z.unknown().transform((input, ctx) => {
  if (input === undefined) return missing(ctx);
  const r = parseSize(input);
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', message: r.error });
  return z.NEVER;
});

const range = z.unknown().transform((input, ctx) => {
  if (input === undefined) return missing(ctx);
  const r = parseRange(input);
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', message: r.error });
  return z.NEVER;
});

function missing(ctx: z.RefinementCtx): never {
  ctx.addIssue({ code: 'custom', message: 'required' });
  return z.NEVER;
}

const nodeId = z.number().int();
const name = z.string().min(1).max(200).regex(/^[^\x00-\x1f\x7f]*$/, 'must be one line of printable characters');

export const geometrySchema = z.strictObject({
  sectionSize: size,
  subsectionSize: size,
  blockSize: size,
});

export const layoutSchema = z.strictObject({
  name,
  description: z.string().default(''),
  geometry: geometrySchema,
  nodes: z.array(z.strictObject({ id: nodeId, cpus: z.boolean().default(false) })),
  boot: z.array(z.strictObject({ node: nodeId, range })),
  dimms: z
    .array(z.strictObject({ name, node: nodeId, range, plugged: z.enum(['boot', 'acpi-early', 'no']).default('no') }))
    .default([]),
  pmem: z.array(z.strictObject({ name, node: nodeId, range })).default([]),
  platform: z
    .strictObject({
      vmemmap: z.enum(['huge', 'base']).default('huge'),
      autoOnline: z.enum(['offline', 'online', 'online_kernel', 'online_movable']).default('offline'),
      deferredStructPageInit: z.boolean().default(false),
      debugVmPgflags: z.boolean().default(false),
      movableNode: z.boolean().default(false),
      dmaZoneEnd: size.default(0),
    })
    .prefault({}),
});

/** What a layout file holds, before validation (sizes may be strings). */
export type RawLayout = z.input<typeof layoutSchema>;
/** After the schema: sizes in bytes, ranges half-open, defaults applied; not yet cross-checked. */
export type ShapedLayout = z.output<typeof layoutSchema>;

/** formatPath() - a zod issue path as a field path: `dimms[1].plugged`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? String(seg) : `.${String(seg)}`))
    .join('');
}

/**
 * describeIssues() - the one issue worth showing, as `<field path>: <reason>`.
 *
 * An unknown key is preferred, because a misspelt key also makes the real one "required".
 * Return: one line; the path part is omitted when the issue is about the whole document.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (issue === undefined) return 'invalid layout';
  let path = issue.path;
  let reason = issueReason(issue);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    path = [...issue.path, key];
    const known = knownKeys(layoutSchema, issue.path);
    reason = `unknown key "${key}"${known.length > 0 ? ` (expected one of ${known.join(', ')})` : ''}`;
  }
  const where = formatPath(path);
  return where === '' ? reason : `${where}: ${reason}`;
}

function issueReason(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (issue.path.length === 0) return `expected a mapping at the top level, got ${describeValue(issue.input)}`;
      return `expected ${expectedName(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : issue.message;
    default:
      return issue.message;
  }
}

function expectedName(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', int: 'an integer', number: 'a number' };
  return names[expected] ?? `a ${expected}`;
}

/** knownKeys() - the keys the schema accepts for the object at `path`, for "did you mean". */
function knownKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    const def = node._zod.def as { element?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType> };
    node = typeof seg === 'number' ? def.element : def.shape?.[String(seg)];
    if (node === undefined) return [];
    node = unwrap(node);
  }
  const shape = (node._zod.def as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** unwrap() - look through default, prefault, optional and pipe (transform) wrappers. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let node = schema;
  for (;;) {
    const def = node._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return node;
    node = inner;
  }
}
