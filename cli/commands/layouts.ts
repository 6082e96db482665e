/**
 * `hpcheck layouts`: the layouts a sweep with these bounds checks, one class a line, or one
 * layout as a layout file for `hpcheck check --layout`.
 */
import { stringify } from 'yaml';
import { enumerateLayouts, parseLayoutName } from '../../model/layout/enumerate.ts';
import { layoutFile } from '../../model/layout/layout-file.ts';
import { boundsText } from '../../sweep/summary.ts';
import { parseBounds, type BoundFlags } from '../options/sweep-options.ts';
import { unwrap } from './sweep-run.ts';

export function layoutsCommand(f: BoundFlags & { show?: string }): void {
  // `hpcheck layouts | head` closes the pipe early: that is no error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  if (f.show !== undefined) {
    const spec = unwrap(parseLayoutName(f.show));
    out(stringify(layoutFile(spec, 'enumerated by hpcheck sweep'), { lineWidth: 0 }).trimEnd());
    return;
  }
  const e = enumerateLayouts(unwrap(parseBounds(f)));
  out(`${boundsText(e.bounds)}: ${e.classes.length} classes under node renaming (${e.layouts} layouts)`);
  for (const c of e.classes) out(`${String(c.index).padStart(6)}  ${c.name.padEnd(32)} ${c.members}`);
}
