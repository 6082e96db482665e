/**
 * The words a command line gives to name a run: a layout (or lock scenario), a kernel, patches,
 * properties and a state limit. run/resolve.ts and run/lock-resolve.ts turn them into a run.
 */
export interface CheckOptions {
  readonly layout?: string;
  readonly kernel?: string;
  readonly patch?: readonly string[];
  readonly property?: readonly string[];
  readonly maxStates?: string;
}
