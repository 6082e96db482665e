/**
 * Counterexample traces rebuilt from parent pointers.
 *
 * The search numbers states in discovery order and keeps, for each one, the number of the
 * state it was reached from and the action that reached it. A trace is the walk back from a
 * state to an initial state, reversed.
 */
import type { Model, TraceStep } from './model.ts';

/**
 * The parent of an initial state, in every engine: in `ParentTable.parent` and
 * `ParentTable.action` here (bfs.ts), and in the 32-bit parent column of the vector engines
 * (vector-search.ts), which is why it is the largest 32-bit value and not -1.
 */
export const NO_PARENT = 0xffffffff;

/** The discovered states, each with how it was first reached. */
export interface ParentTable<S> {
  readonly states: readonly S[];
  /** `parent[i]` is the number of the state `states[i]` was reached from, or NO_PARENT. */
  readonly parent: ArrayLike<number>;
  /** `action[i]` is the action id that reached `states[i]`, or NO_PARENT. */
  readonly action: ArrayLike<number>;
}

/**
 * buildTrace() - rebuild the path that first reached a state
 * @model: names the actions
 * @table: the discovered states and their parent pointers
 * @index: the number of the last state of the trace
 *
 * Return: the steps from an initial state (actionId null) to `table.states[index]`.
 */
export function buildTrace<S>(
  model: Pick<Model<S>, 'actionName'>,
  table: ParentTable<S>,
  index: number,
): TraceStep<S>[] {
  const steps: TraceStep<S>[] = [];
  for (let i = index; i !== NO_PARENT; i = at(table.parent, i)) {
    const id = at(table.action, i);
    const state = table.states[i] as S;
    steps.push(
      id === NO_PARENT
        ? { actionId: null, action: null, state }
        : { actionId: id, action: model.actionName(id), state },
    );
  }
  return steps.reverse();
}

function at(values: ArrayLike<number>, i: number): number {
  const value = values[i];
  if (value === undefined) throw new Error(`hpcheck bug: no parent pointer for state ${i}`);
  return value;
}
