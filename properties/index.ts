/** The hotplug properties, in a stable order, by their stable names. */
import { noKernelBug } from './kernel-bug.ts';
import { linkConsistency, singleNodePerBlock } from './links.ts';
import { memmapValid } from './memmap.ts';
import { nodeOfflineSafe } from './node.ts';
import type { PropertyDef } from '../model/property.ts';
import { zonesConsistent } from './zones.ts';

export type { PropertyDef } from '../model/property.ts';

export const PROPERTIES: readonly PropertyDef[] = [
  singleNodePerBlock,
  linkConsistency,
  memmapValid,
  noKernelBug,
  nodeOfflineSafe,
  zonesConsistent,
];

export const findProperty = (name: string): PropertyDef | undefined => PROPERTIES.find((p) => p.name === name);
