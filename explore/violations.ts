/**
 * The violations a search records: one shortest trace per distinct (property, site).
 *
 * A property without a `site` is recorded once, at its first violating state, and is not
 * checked again. A property with one is checked on every state and recorded again for every
 * site not seen before, so a short violation at one site does not hide a longer one at
 * another (a crash in one kernel function does not hide a bad read in another).
 */
import type { Property, TraceStep, Violation } from './model.ts';

export class ViolationLog<S> {
  readonly #properties: readonly Property<S>[];
  readonly #stopAtFirst: boolean;
  readonly #keys = new Set<string>();
  readonly #done: boolean[];
  readonly #found: { readonly order: number; readonly violation: Violation<S> }[] = [];
  #open: number;
  #stopped = false;

  constructor(properties: readonly Property<S>[], stopAtFirst: boolean) {
    this.#properties = properties;
    this.#stopAtFirst = stopAtFirst;
    this.#done = properties.map(() => false);
    this.#open = properties.length;
  }

  /** True once the search may stop: the first violation with stop-at-first, or every site-less property violated and none has sites. */
  get stopped(): boolean { return this.#stopped; }

  /** Whether property `i` must still be checked. */
  open(i: number): boolean { return !this.#done[i]; }

  /** Bit i set: property `i` must still be checked. */
  openMask(): number {
    return this.#done.reduce((m, done, i) => (done ? m : m | (1 << i)), 0);
  }

  /**
   * check() - check property `i` on `state`, and record it if its (property, site) is new
   * @trace: builds the trace to `state`; called only when something is recorded
   * Return: the message when `state` violates the property (recorded or not), else null.
   */
  check(i: number, state: S, trace: () => readonly TraceStep<S>[]): string | null {
    const property = this.#properties[i]!;
    const message = property.check(state);
    if (message === null) return null;
    const site = property.site?.(state) ?? null;
    const key = site === null ? `${i}` : `${i}\u0000${site}`;
    if (this.#keys.has(key)) return message;
    this.#keys.add(key);
    const violation = { property: property.name, message, trace: trace(), ...(site === null ? {} : { site }) };
    this.#found.push({ order: i, violation });
    if (property.site === undefined) {
      this.#done[i] = true;
      this.#open--;
    }
    if (this.#stopAtFirst || this.#open === 0) this.#stopped = true;
    return message;
  }

  /** The violations in the order of the properties; within one property, as found (shortest first). */
  violations(): Violation<S>[] {
    return this.#found.map((f, n) => ({ ...f, n })).sort((a, b) => a.order - b.order || a.n - b.n).map((f) => f.violation);
  }
}
