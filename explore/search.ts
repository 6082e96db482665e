/**
 * The engine's entry point: vector models go to the fast fingerprint engine (fast.ts),
 * any other model to the key-set engine (bfs.ts). Both find the same states in the same
 * order and report the same shortest traces.
 */
import { keySearch } from './bfs.ts';
import { fastSearch } from './fast.ts';
import { isVectorModel, type Model, type Property, type SearchOptions, type SearchResult } from './model.ts';

/**
 * search() - explore every reachable state breadth-first and check each property
 * @model: the system to explore
 * @properties: the invariants to check on every discovered state, initial states included
 * @options: limits, early stop, progress reporting, exact mode
 *
 * Each violated property is reported once, with a shortest trace to its first violating
 * state in BFS order. The search ends when the frontier is empty, when every property has
 * been violated, at the first violation with `stopAtFirst`, or when a new state is found
 * while `maxStates` states are already stored (verdict `bounded` unless a violation was
 * found). Terminal states are never expanded.
 *
 * Return: the verdict, the counts, the violations in the order of @properties, and how
 * the states were stored.
 */
export function search<S>(model: Model<S>, properties: readonly Property<S>[], options?: SearchOptions): SearchResult<S>;
export function search(model: Model<unknown>, properties: readonly Property<unknown>[], options: SearchOptions = {}): SearchResult<unknown> {
  return isVectorModel(model) ? fastSearch(model, properties, options) : keySearch(model, properties, options);
}
