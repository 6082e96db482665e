/**
 * A model kind: everything the commands need to run one model, so that `check`, `replay`,
 * `shrink`, `seeds` and the benchmarks work on any model the registry (index.ts) lists. A
 * kind says which `--layout` names are its own, how to resolve a command line into a run
 * (`C`), how to build the model (`M`) and rebuild it in a worker thread, what the run is
 * called in a report, how to save and reload a trace, and why an action of a replayed trace
 * cannot run.
 *
 * The reports themselves (the story, lockdep's format) belong to the command line; they are
 * keyed by the same kind names in cli/report/kinds.ts.
 */
import type { ReplayExplainer } from '../../explore/replay.ts';
import type { TraceStep, VectorModel } from '../../explore/model.ts';
import type { ItfTrace, TraceOrigin } from '../itf.ts';
import type { CheckOptions } from '../options.ts';
import type { Loaded } from '../user-patch.ts';

/** What a run checked, by name: the report's heading and its JSON object. */
export interface RunNames {
  readonly layout: string;
  readonly kernel: string;
  readonly patches: readonly string[];
  readonly properties: readonly string[];
}

/** Command-line replacements for what a saved trace stores. `patch: ['none']` means no patch. */
export interface RunOverrides {
  readonly kernel?: string | undefined;
  readonly patch?: readonly string[] | undefined;
}

/** A saved trace ready to re-execute: the model (checking the trace's property only) and the path. */
export interface SavedTrace<M> {
  readonly model: M;
  readonly property: string;
  readonly actions: readonly string[];
  /** The patches as the user named them (a user patch as its path), for the trace written next. */
  readonly patchArgs: readonly string[];
  /** The kernel the trace was saved on (the model may run another, from --kernel). */
  readonly savedKernel: string;
}

/** A smaller failing path, on a model that may be smaller too. */
export interface Shrunk<M> {
  readonly model: M;
  readonly actions: readonly string[];
  /** The parts of the layout dropped, in order; null when the kind keeps its layout whole. */
  readonly dropped: readonly string[] | null;
  /** How many candidate paths were replayed. */
  readonly replays: number;
}

export interface ModelKind<C, M extends VectorModel> {
  /** The kind's name; a trace of any kind but the hotplug model's carries it as `#meta.model`. */
  readonly name: string;
  /** What the kind calls its `--layout`: `layout` or `lock scenario`. */
  readonly layoutNoun: string;
  /** Whether `--layout` names a run of this kind. */
  owns(layout: string | undefined): boolean;
  /** The run a command line names, or one line saying which field is wrong. */
  resolve(o: CheckOptions): Promise<Loaded<C>>;
  build(config: C): M;
  /** The run as plain data for a worker thread; fromSpec() rebuilds it there (names validated before: an unknown one is an hpcheck bug). */
  spec(config: C): unknown;
  fromSpec(spec: unknown): Promise<C>;
  names(model: M): RunNames;
  /** Where a run is, for a heading: `on layout ppc-interleaved`, `in lock scenario dax-kmem-unbind`. */
  where(model: M): string;
  /** The kind's words for a replayed step that cannot run. */
  explain(model: M): ReplayExplainer<Uint16Array>;
  /** One violation as an ITF trace. */
  toItf(model: M, property: string, message: string, trace: readonly TraceStep<Uint16Array>[], o: TraceOrigin): ItfTrace;
  /** The model and path a saved trace stands for, with the command line's overrides. */
  loadTrace(file: string, t: ItfTrace, o: RunOverrides): Promise<Loaded<SavedTrace<M>>>;
  /** The smallest failing path found from a saved one, or null when the saved one does not fail. */
  shrink(saved: SavedTrace<M>): Shrunk<M> | null;
}
