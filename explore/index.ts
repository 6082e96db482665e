/**
 * The public API of the generic checker engine.
 */
export type {
  Model,
  Property,
  SearchOptions,
  SearchProgress,
  SearchResult,
  TraceStep,
  Verdict,
  Violation,
} from './model.ts';
export { search } from './bfs.ts';
export { referenceSearch, type ReferenceResult, type ReferenceViolation } from './reference.ts';
