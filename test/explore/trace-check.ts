/**
 * Checks that a reported violation is a real counterexample of the expected length.
 */
import { expect } from 'vitest';
import type { Model, Property, Violation } from '../../explore/index.ts';

/**
 * expectCounterexample() - replay a violation's trace by action id and check it
 * @depth: the expected number of actions, i.e. the BFS depth of the first violating state
 *
 * The trace must start at an initial state, follow `model.next()` through non-terminal
 * states, satisfy the property at every step but the last, and fail it at the last step with
 * the reported message.
 */
export function expectCounterexample<S>(
  model: Model<S>,
  property: Property<S>,
  violation: Violation<S> | undefined,
  depth: number,
): void {
  expect(violation?.property).toBe(property.name);
  const trace = violation!.trace;
  expect(trace.length).toBe(depth + 1);
  const initialKeys = model.initialStates().map((s) => model.key(s));
  expect(trace[0]!.actionId).toBeNull();
  expect(trace[0]!.action).toBeNull();
  expect(initialKeys).toContain(model.key(trace[0]!.state));
  for (let i = 1; i < trace.length; i++) {
    const prev = trace[i - 1]!.state;
    const { actionId, action, state } = trace[i]!;
    expect(actionId).not.toBeNull();
    expect(action).toBe(model.actionName(actionId!));
    expect(model.isTerminal(prev)).toBe(false);
    const next = model.next(prev, actionId!);
    expect(next === null ? null : model.key(next)).toBe(model.key(state));
  }
  trace.slice(0, -1).forEach((step) => expect(property.check(step.state)).toBeNull());
  expect(property.check(trace.at(-1)!.state)).toBe(violation!.message);
}
