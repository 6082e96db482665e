/**
 * A saved trace turned back into a model to re-execute it on: the layout stored inline, and
 * the kernel and patches stored in the file unless the command line names others.
 */
import { HotplugModel } from '../model/hotplug-model.ts';
import { parseLayout } from '../model/layout/parse.ts';
import type { Layout } from '../model/layout/types.ts';
import type { Patch } from '../model/kernels/behaviour.ts';
import { PROFILES, findProfile, type Profile } from '../model/kernels/profiles.ts';
import { PROPERTIES, findProperty, type PropertyDef } from '../properties/index.ts';
import type { ItfTrace } from './itf.ts';
import { checkGivenPatches } from './patch-identity.ts';
import { resolvePatches } from './resolve.ts';
import type { Loaded } from './user-patch.ts';

/** Command-line replacements for what the file stores. `patch: ['none']` means no patch. */
export interface RunOverrides {
  readonly kernel?: string | undefined;
  readonly patch?: readonly string[] | undefined;
}

/** Everything a saved trace is re-executed with, except the layout (shrink varies it). */
export interface SavedRun {
  readonly layout: Layout;
  readonly profile: Profile;
  readonly patches: readonly Patch[];
  /** The patches as the user named them, for the trace written next. */
  readonly patchArgs: readonly string[];
  readonly property: PropertyDef;
  readonly actions: readonly string[];
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export async function loadSavedRun(file: string, t: ItfTrace, o: RunOverrides): Promise<Loaded<SavedRun>> {
  const meta = t['#meta'];
  const layout = parseLayout(JSON.stringify(meta.layout), `${file}: #meta.layout`);
  if (!layout.ok) return fail(layout.error);
  const kernel = o.kernel ?? meta.kernel;
  const profile = findProfile(kernel);
  if (!profile) {
    const where = o.kernel === undefined ? `${file}: #meta.kernel` : '--kernel';
    return fail(`${where} ${kernel}: unknown kernel (one of ${PROFILES.map((p) => p.name).join(', ')})`);
  }
  const given = o.patch && o.patch.length > 0 ? o.patch : undefined;
  if (given && given.includes('none') && given.length > 1) return fail('--patch none: cannot be combined with other patches');
  const untrusted = checkGivenPatches(`${file}: #meta.patches`, meta.patches, given);
  if (untrusted) return fail(untrusted);
  const patchArgs = given ? given.filter((p) => p !== 'none') : meta.patches;
  const patches = await resolvePatches(patchArgs);
  if (!patches.ok) return fail(given ? patches.error : `${file}: #meta.patches: ${patches.error}`);
  const property = findProperty(meta.property);
  if (!property) return fail(`${file}: #meta.property: unknown property "${meta.property}" (one of ${PROPERTIES.map((p) => p.name).join(', ')})`);
  return { ok: true, value: { layout: layout.layout, profile, patches: patches.value, patchArgs, property, actions: meta.actions } };
}

/** The model a saved run is replayed on, with `layout` (the stored one, or a smaller one while shrinking). */
export function runModel(run: SavedRun, layout: Layout = run.layout): HotplugModel {
  return new HotplugModel({ layout, profile: run.profile, patches: run.patches, properties: [run.property] });
}
