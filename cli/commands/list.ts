/**
 * `hpcheck list`: the kernels, patches, properties and layouts a run can name, for both models.
 */
import type { Command } from 'commander';
import { BEHAVIOUR_POINTS } from '../../model/kernels/behaviour.ts';
import { PATCHES } from '../../model/kernels/patches.ts';
import { PROFILES } from '../../model/kernels/profiles.ts';
import { bigLayoutNames, builtinLayoutNames } from '../../model/layout/load.ts';
import { LOCK_PATCHES, LOCK_PROFILES } from '../../model/locking/profiles.ts';
import { LOCK_SCENARIOS } from '../../model/locking/scenarios.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { LOCK_PROPERTIES } from '../../properties/locking.ts';

function listCommand(): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out('Kernels:');
  for (const p of PROFILES) out(`  ${p.name.padEnd(8)} ${p.summary}`);
  out('Patches (--patch NAME, or --patch ./file.ts):');
  for (const p of PATCHES) out(`  ${p.name.padEnd(28)} ${p.description}`);
  out('Properties (--property NAME):');
  for (const p of PROPERTIES) out(`  ${p.name.padEnd(22)} ${p.statement}`);
  out(`Built-in layouts (--layout NAME): ${builtinLayoutNames().join(', ')}`);
  out(`Big layouts, too large to enumerate (simulate --layout NAME): ${bigLayoutNames().join(', ')}`);
  out(`Behaviour points a patch can replace: ${BEHAVIOUR_POINTS.map((p) => p.name).join(', ')}`);
  out('Lock model (seed 003): scenarios (--layout NAME), kernels, patches and properties:');
  for (const s of LOCK_SCENARIOS) out(`  ${s.name.padEnd(22)} ${s.description}`);
  out(`  kernels: ${LOCK_PROFILES.map((p) => p.name).join(', ')}`);
  for (const p of LOCK_PATCHES) out(`  --patch ${p.name.padEnd(20)} ${p.description}`);
  for (const p of LOCK_PROPERTIES) out(`  --property ${p.name.padEnd(19)} ${p.statement}`);
}

export function addListCommand(p: Command): void {
  p.command('list').description('list kernels, patches, properties and built-in layouts').action(listCommand);
}
