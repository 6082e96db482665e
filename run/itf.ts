/**
 * Counterexamples saved in the Informal Trace Format (ITF) of Apalache and Quint, and read
 * back for `replay`, `shrink` and `view`.
 *
 * `#meta` carries what is needed to re-execute the trace: the layout inline (in the form a
 * layout file takes), the kernel profile, the patches, the property, the action path and the
 * random seed (null for a trace from the breadth-first search). Each state holds the
 * model state in readable form (model/decode.ts) and, as Quint does, the action taken in
 * `mbt::actionTaken` ("init" for power-on).
 *
 * ITF: https://apalache-mc.org/docs/adr/015adr-trace.html (ADR-015): a trace is
 * `{ "#meta", "vars", "states" }`; values are booleans, strings, integers, lists, records and
 * `{ "tag", "value" }` variants. ITF has no null, so an absent value is the variant
 * `{ "tag": "None", "value": { "#tup": [] } }`, as Quint writes an empty Option.
 */
import { readFileSync } from 'node:fs';
import { writeOutput } from './output-files.ts';
import { recordedPatch } from './patch-identity.ts';
import { z } from 'zod';
import type { TraceStep } from '../explore/model.ts';
import type { HotplugModel } from '../model/hotplug-model.ts';
import { formatPath } from '../model/layout/schema.ts';
import { formatRange, formatSize } from '../model/layout/sizes.ts';
import type { Layout } from '../model/layout/types.ts';
import type { StateVector } from '../model/state.ts';
import type { Loaded } from './user-patch.ts';
import { VERSION } from './version.ts';

export const ACTION_TAKEN = 'mbt::actionTaken';
const FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/** What a saved trace says about how it was made; enough to re-execute it. */
export interface TraceMeta {
  readonly layout: Record<string, unknown>;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly property: string;
  readonly message: string;
  /** The action names taken from power-on, in order; the last one reaches the violating state. */
  readonly actions: readonly string[];
  /** The seed of the random walk the trace came from; null for a trace from `check`. */
  readonly seed: number | null;
  /** How the trace was made: `check` (a shortest trace), `walk`, or `shrink`. */
  readonly origin: string;
}

export interface ItfTrace {
  readonly '#meta': Record<string, unknown> & TraceMeta;
  readonly vars: readonly string[];
  readonly states: readonly Record<string, unknown>[];
}

/** layoutToRaw() - a validated layout back in the form of a layout file, so parseLayout() reads it again. */
export function layoutToRaw(l: Layout): Record<string, unknown> {
  const g = l.geometry;
  return {
    name: l.name,
    description: l.description,
    geometry: { sectionSize: formatSize(g.sectionSize), subsectionSize: formatSize(g.subsectionSize), blockSize: formatSize(g.blockSize) },
    nodes: l.nodes.map((n) => ({ id: n.id, cpus: n.cpus })),
    boot: l.boot.map((b) => ({ node: b.node, range: formatRange(b) })),
    dimms: l.dimms.map((d) => ({ name: d.name, node: d.node, range: formatRange(d), plugged: d.plugged })),
    pmem: l.pmem.map((p) => ({ name: p.name, node: p.node, range: formatRange(p) })),
    platform: { ...l.platform },
  };
}

const NONE = { tag: 'None', value: { '#tup': [] } };

/** itfValue() - a readable JSON value as an ITF expression: null becomes the None variant. */
export function itfValue(v: unknown): unknown {
  if (v === null || v === undefined) return NONE;
  if (Array.isArray(v)) return v.map(itfValue);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, itfValue(x)]));
  return v;
}

export interface TraceOrigin {
  readonly origin: string;
  readonly seed: number | null;
  /** The names the user gave for the patches (a user patch is recorded as `file@sha256`). */
  readonly patchArgs: readonly string[];
}

/**
 * itfTrace() - a trace of any vector model as ITF
 * @toJSON: the model's readable form of a state
 * @trace: the steps from power-on, the last one reaching the violating state
 * @description: one line on what the trace shows
 * @meta: how to re-execute it (the action names are taken from `trace`); `model` names a
 *        model other than the hotplug model ("lock")
 */
export function itfTrace(
  toJSON: (s: StateVector) => unknown,
  trace: readonly TraceStep<StateVector>[],
  description: string,
  meta: Omit<TraceMeta, 'actions'> & { readonly model?: string },
): ItfTrace {
  const states = trace.map((t, i) => ({
    '#meta': { index: i },
    [ACTION_TAKEN]: t.action ?? 'init',
    ...(itfValue(toJSON(t.state)) as Record<string, unknown>),
  }));
  const { model, layout, kernel, patches, property, message, seed, origin } = meta;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': FORMAT_DESCRIPTION,
      source: `hpcheck ${VERSION}`,
      ...(model === undefined ? {} : { model }),
      description,
      layout,
      kernel,
      patches: [...patches],
      property,
      message,
      actions: trace.slice(1).map((t) => t.action!),
      seed,
      origin,
    },
    vars: Object.keys(states[0] ?? {}).filter((k) => k !== '#meta'),
    states,
  };
}

/** toItf() - one violation of `model` as an ITF trace. */
export function toItf(model: HotplugModel, property: string, message: string, trace: readonly TraceStep<StateVector>[], o: TraceOrigin): ItfTrace {
  const cfg = model.config;
  return itfTrace((s) => model.toJSON(s), trace,
    `${property} fails after ${trace.length - 1} steps on layout ${cfg.layout.name}, kernel ${cfg.profile.name}: ${message}`, {
      layout: layoutToRaw(cfg.layout),
      kernel: cfg.profile.name,
      patches: o.patchArgs.map(recordedPatch),
      property,
      message,
      seed: o.seed,
      origin: o.origin,
    });
}

export function writeItf(path: string, t: ItfTrace): void {
  writeOutput('--out', path, `${JSON.stringify(t, null, 1)}\n`);
}

const metaSchema = z.object({
  format: z.literal('ITF'),
  layout: z.record(z.string(), z.unknown()),
  kernel: z.string().min(1),
  patches: z.array(z.string()),
  property: z.string().min(1),
  message: z.string(),
  actions: z.array(z.string().min(1)),
  seed: z.number().int().nullable(),
  origin: z.string().default('check'),
  /** "lock" for a trace of the lock model (seed 003); absent for the hotplug model. */
  model: z.string().optional(),
});

const traceSchema = z.object({
  '#meta': metaSchema,
  vars: z.array(z.string()),
  states: z.array(z.record(z.string(), z.unknown())),
});

function issueLine(file: string, issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  const reason = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message;
  return `${file}: ${where === '' ? '' : `${where}: `}${reason}`;
}

/** readItf() - a saved hpcheck trace, or one line naming the file, the field and the reason. */
export function readItf(file: string): Loaded<ItfTrace> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, error: code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read: ${(e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${file}: not JSON: ${(e as Error).message.split('\n')[0]}` };
  }
  const r = traceSchema.safeParse(json);
  if (!r.success) return { ok: false, error: issueLine(file, r.error.issues[0]!) };
  const t = r.data;
  if (t.states.length !== 0 && t.states.length !== t['#meta'].actions.length + 1) {
    return { ok: false, error: `${file}: states: ${t.states.length} states for ${t['#meta'].actions.length} actions in #meta.actions (expected one more state than actions)` };
  }
  return { ok: true, value: t as unknown as ItfTrace };
}
