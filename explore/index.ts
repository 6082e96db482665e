/**
 * The public API of the generic checker engine.
 */
export type {
  Model,
  Property,
  SearchOptions,
  SearchProgress,
  SearchResult,
  Stepper,
  StorageReport,
  VectorModel,
  TraceStep,
  Verdict,
  Violation,
} from './model.ts';
export { isVectorModel } from './model.ts';
export { search } from './search.ts';
export { keySearch } from './bfs.ts';
export { fastSearch } from './fast.ts';
export { parallelSearch, type ParallelOptions } from './parallel.ts';
export { Journal } from './journal.ts';
export { collisionProbability, fingerprint } from './fingerprint.ts';
export { referenceSearch, type ReferenceResult, type ReferenceViolation } from './reference.ts';
export { actionIds, replayPath, type ReplayExplainer, type ReplayOutcome } from './replay.ts';
export { vectorKey } from './vector-key.ts';
