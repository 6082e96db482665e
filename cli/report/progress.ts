/**
 * The progress line of a long search, on stderr: states, states/s, queue, depth and elapsed
 * time, drawn by cli-progress. On a terminal it redraws one line; with `--progress` and
 * stderr not a terminal it prints one line per update (cli-progress's noTTYOutput). On a
 * terminal the line is cleared at the end, since the report repeats the totals.
 */
import { SingleBar } from 'cli-progress';
import type { SearchProgress } from '../../explore/model.ts';

export interface ProgressLine {
  update(p: SearchProgress): void;
  /** Draws the final figures and ends the line. */
  stop(p: SearchProgress): void;
}

const rate = (p: SearchProgress): number => Math.round(p.states / Math.max(p.seconds, 1e-3));

export function progressLine(): ProgressLine {
  const bar = new SingleBar({
    format: '  {states} states, {rate} states/s, queue {queue}, depth {depth}, {duration_formatted}',
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 1000,
    hideCursor: false,
    clearOnComplete: true,
    gracefulExit: true,
  });
  // The search runs synchronously, so cli-progress's own timer never fires during it: each
  // update is drawn at once. render() is public in cli-progress but missing from its types.
  const draw = (p: SearchProgress): void => {
    bar.update(p.states, { states: p.states, rate: rate(p), queue: p.queue, depth: p.depth });
    (bar as unknown as { render(): void }).render();
  };
  bar.start(0, 0, { states: 0, rate: 0, queue: 0, depth: 0 });
  return {
    update: draw,
    stop: (p) => {
      bar.update(p.states, { states: p.states, rate: rate(p), queue: p.queue, depth: p.depth });
      bar.stop();
    },
  };
}
