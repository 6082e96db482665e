/**
 * replay's check that a trace file was not edited: each state stored in the file must be
 * the state the re-executed action path reaches (when replaying on the stored kernel and
 * patches; on others the states may rightly differ). The first step that differs is named,
 * with the first field that differs.
 */
import type { TraceStep } from '../explore/model.ts';
import type { HotplugModel } from '../model/hotplug-model.ts';
import type { StateVector } from '../model/state.ts';
import { ACTION_TAKEN, itfValue, type ItfTrace } from './itf.ts';

/** The first path (`nodes.1.span`) where two JSON values differ, or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? null : path || '(the state)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return null;
}

/**
 * editedStep() - one line naming the first stored state that differs from the re-executed
 * one, or null when every stored state up to `trace`'s end matches
 */
export function editedStep(file: string, t: ItfTrace, m: HotplugModel, trace: readonly TraceStep<StateVector>[]): string | null {
  for (const [i, step] of trace.entries()) {
    const stored = t.states[i];
    if (stored === undefined) return null;
    const { '#meta': _meta, [ACTION_TAKEN]: _action, ...state } = stored;
    const replayed = itfValue(m.toJSON(step.state));
    const d = firstDifference(JSON.parse(JSON.stringify(state)), JSON.parse(JSON.stringify(replayed)), '');
    if (d) {
      const what = step.action ?? 'power-on';
      return `${file}: states[${i}] (step ${i}, ${what}): ${d.slice(0, 120)} is not what the action path gives: the file was edited after it was written`;
    }
  }
  return null;
}
