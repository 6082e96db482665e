/**
 * A counterexample told in kernel terms: for each step, what a person typed (or the boot log
 * printed), the errno, and what changed in sysfs; at the violating step, `ls -l` of the
 * blocks involved, the kernel's own message and the property's explanation.
 */
import pc from 'picocolors';
import type { TraceStep, Violation } from '../explore/model.ts';
import type { HotplugModel } from '../model/hotplug-model.ts';
import { ERRNO_NAMES } from '../model/kernel.ts';
import type { StateVector } from '../model/state.ts';
import { bugMessage } from '../properties/kernel-bug.ts';
import { actionCommands, errnoText } from './commands.ts';
import { lsBlock, stateChanges } from './changes.ts';

type Colors = ReturnType<typeof pc.createColors>;

function stepLines(m: HotplugModel, prev: StateVector, step: TraceStep<StateVector>, n: number, c: Colors): string[] {
  const action = m.actions[step.actionId!]!;
  const before = m.view(prev);
  const after = m.view(step.state);
  const lines = [`${c.bold(String(n).padStart(3))}  ${c.cyan(action.name)}`];
  for (const cmd of actionCommands(m.g, action, before)) lines.push(`       ${cmd}`);
  if (after.errno !== 0) lines.push(`       ${c.yellow(`write error: ${errnoText(after.errno)} (-${ERRNO_NAMES[after.errno] ?? after.errno})`)}`);
  for (const ch of stateChanges(before, after)) lines.push(`       ${ch.startsWith('-') ? c.red(ch) : ch.startsWith('+') ? c.green(ch) : ch}`);
  if (after.bug !== 0 && before.bug === 0) lines.push(`       ${c.red(c.bold(bugMessage(after)!))}`);
  return lines;
}

/** Blocks the violation message names, e.g. memory21 in "node1/memory21 ...". */
function blocksNamed(message: string): number[] {
  return [...new Set([...message.matchAll(/memory(\d+)/g)].map((x) => Number(x[1])))];
}

export function tellViolation(m: HotplugModel, v: Violation<StateVector>, c: Colors): string[] {
  const steps = v.trace.length - 1;
  const lines = [c.red(c.bold(`✗ ${v.property}`)) + `: ${v.message}`, `  Counterexample, ${steps} steps from power-on (a shortest one):`];
  for (let i = 1; i < v.trace.length; i++) lines.push(...stepLines(m, v.trace[i - 1]!.state, v.trace[i]!, i, c));
  const last = m.view(v.trace[v.trace.length - 1]!.state);
  const blocks = blocksNamed(v.message).filter((b) => b < m.g.nrBlocks);
  if (blocks.length) {
    lines.push('  At the violating step:');
    for (const b of blocks) for (const l of lsBlock(last, b)) lines.push(`       ${l}`);
  }
  const def = m.config.properties.find((p) => p.name === v.property);
  if (def) lines.push(`  ${c.dim(`${def.name}: ${def.statement}`)}`, `  ${c.dim(`Why: ${def.why}`)}`);
  return lines;
}
