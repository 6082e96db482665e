/**
 * The sweep's progress bar (cli-progress) on stderr, with an ETA. Shown only when stderr is a
 * terminal, so it never mixes into JSON or into a file.
 */
import cliProgress from 'cli-progress';
import type { RunRecord } from '../../sweep/run.ts';

export interface SweepProgress {
  start(total: number, done: number): void;
  record(r: RunRecord): void;
  stop(): void;
}

const NONE: SweepProgress = { start: () => {}, record: () => {}, stop: () => {} };

export function sweepProgress(enabled: boolean): SweepProgress {
  if (!enabled || process.stderr.isTTY !== true) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '  sweep |{bar}| {value}/{total} runs | {states} states | {violations} violating | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 100,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let states = 0;
  let violations = 0;
  let running = false;
  return {
    start(total, done) {
      running = true;
      bar.start(total, done, { states: '0', violations: 0 });
    },
    record(r) {
      states += r.states;
      if (r.verdict === 'violation') violations++;
      bar.increment(1, { states: states.toLocaleString('en-US'), violations });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
