/**
 * The bad-input corpus (issue 18): malformed layouts, flags, patch exports, trace files and
 * records files, each refused with one line (no newline, no stack trace, no control
 * characters, a bounded length). Most cases go through the functions the commands call, in
 * this one process; the last block runs the command lines whose exit code is the point.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJobs, parseShard, parseSweepMaxStates } from '../../cli/options/sweep-options.ts';
import { loadLayout } from '../../model/layout/load.ts';
import { readItf } from '../../run/itf.ts';
import { checkPatchExport } from '../../run/patch-schema.ts';
import { parseMaxStates, parseWorkers } from '../../run/resolve.ts';
import { loadSavedRun } from '../../run/saved-run.ts';
import { readResults } from '../../sweep/results.ts';
import { hpcheckAsync, oneLineError, ROOT } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-corpus-'));
let n = 0;
const file = (text: string | Buffer, ext = 'yaml'): string => {
  const p = join(dir, `case${n++}.${ext}`);
  writeFileSync(p, text);
  return p;
};

/** One line a user can read: the reason the input was refused. */
function expectOneLine(r: { ok: boolean; error?: string }, ...parts: (string | RegExp)[]): void {
  expect(r.ok).toBe(false);
  const e = r.error!;
  expect(e).not.toMatch(/[\x00-\x1f\x7f]/);
  expect(e.length).toBeLessThan(600);
  expect(e).not.toMatch(/\bat .*:\d+:\d+/);
  for (const p of parts) expect(e).toMatch(p);
}

const LAYOUT = `name: corpus
geometry: { sectionSize: 128M, subsectionSize: 32M, blockSize: 128M }
nodes: [ { id: 0, cpus: true }, { id: 1, cpus: true } ]
boot:
  - { node: 0, range: 0x00000000-0x0fffffff }
dimms:
  - { name: slot0, node: 1, range: 0x10000000-0x17ffffff }
`;

const BAD_LAYOUTS: readonly [string, string | Buffer, RegExp][] = [
  ['empty file', '', /./],
  ['not YAML', '{ [', /./],
  ['a list', '- 1\n- 2\n', /./],
  ['a number', '42\n', /./],
  ['binary', Buffer.from(Array.from({ length: 7500 }, (_, i) => (i * 37) % 256)), /./],
  ['no name', LAYOUT.replace('name: corpus\n', ''), /name/],
  ['name with a newline', LAYOUT.replace('name: corpus', 'name: "a\\nb"'), /name/],
  ['unknown key', LAYOUT.replace('name: corpus', 'name: corpus\nsockets: 2'), /sockets/],
  ['geometry missing', LAYOUT.replace(/geometry:.*\n/, ''), /geometry/],
  ['section size not a size', LAYOUT.replace('sectionSize: 128M', 'sectionSize: banana'), /sectionSize/],
  ['section size zero', LAYOUT.replace('sectionSize: 128M', 'sectionSize: 0'), /sectionSize/],
  ['subsection above section', LAYOUT.replace('subsectionSize: 32M', 'subsectionSize: 256M'), /subsection/i],
  ['too many subsections', LAYOUT.replace('subsectionSize: 32M', 'subsectionSize: 1M'), /subsection/i],
  ['block size not a multiple', LAYOUT.replace('blockSize: 128M', 'blockSize: 96M'), /blockSize/],
  ['no nodes', LAYOUT.replace(/nodes:.*\n/, 'nodes: []\n'), /nodes/],
  ['no CPU anywhere', LAYOUT.replace(/cpus: true/g, 'cpus: false'), /cpus/],
  ['duplicate node id', LAYOUT.replace('{ id: 1, cpus: true }', '{ id: 0, cpus: true }'), /nodes/],
  ['node id too big', LAYOUT.replace('{ id: 1, cpus: true }', '{ id: 99, cpus: true }'), /nodes\[1\]\.id/],
  ['negative node id', LAYOUT.replace('{ id: 1, cpus: true }', '{ id: -1, cpus: true }'), /id/],
  ['node id a string', LAYOUT.replace('{ id: 1, cpus: true }', '{ id: "one", cpus: true }'), /id/],
  ['nine nodes', LAYOUT.replace(/nodes:.*\n/, `nodes: [${Array.from({ length: 9 }, (_, i) => `{ id: ${i}, cpus: true }`).join(', ')}]\n`), /nodes/],
  ['no boot memory', LAYOUT.replace(/boot:\n.*\n/, 'boot: []\n'), /boot/],
  ['boot on an undeclared node', LAYOUT.replace('{ node: 0, range: 0x00000000', '{ node: 5, range: 0x00000000'), /boot\[0\]\.node/],
  ['boot range backwards', LAYOUT.replace('0x00000000-0x0fffffff', '0x0fffffff-0x00000000'), /boot\[0\]\.range/],
  ['boot range not hex', LAYOUT.replace('0x00000000-0x0fffffff', 'zero-to-much'), /boot\[0\]\.range/],
  ['boot range misaligned', LAYOUT.replace('0x00000000-0x0fffffff', '0x00000000-0x0fffff00'), /boot\[0\]\.range/],
  ['boot range exclusive end', LAYOUT.replace('0x00000000-0x0fffffff', '0x00000000-0x10000000'), /inclusive/],
  ['overlapping ranges', LAYOUT.replace('0x10000000-0x17ffffff', '0x08000000-0x0fffffff'), /overlaps/],
  ['beyond the section limit', LAYOUT.replace('0x10000000-0x17ffffff', '0xff0000000-0xff7ffffff'), /limit/],
  ['DIMM misaligned to blocks', LAYOUT.replace('0x10000000-0x17ffffff', '0x10000000-0x13ffffff'), /dimms\[0\]\.range/],
  ['DIMM without a name', LAYOUT.replace('name: slot0, ', ''), /dimms\[0\]\.name/],
  ['DIMM plugged banana', LAYOUT.replace('node: 1, range: 0x10000000-0x17ffffff', 'node: 1, range: 0x10000000-0x17ffffff, plugged: banana'), /plugged/],
  ['seventeen DIMMs', LAYOUT.replace(/dimms:\n.*\n/, `dimms:\n${Array.from({ length: 17 }, (_, i) => `  - { name: d${i}, node: 1, range: 0x${(0x10000000 + i * 0x8000000).toString(16)}-0x${(0x17ffffff + i * 0x8000000).toString(16)} }`).join('\n')}\n`), /dimms/],
  ['duplicate DIMM names', LAYOUT.replace(/dimms:\n.*\n/, 'dimms:\n  - { name: a, node: 1, range: 0x10000000-0x17ffffff }\n  - { name: a, node: 1, range: 0x18000000-0x1fffffff }\n'), /dimms\[1\]\.name/],
  ['pmem on an offline node', `${LAYOUT}pmem:\n  - { name: p, node: 1, range: 0x20000000-0x21ffffff }\n`.replace('{ id: 1, cpus: true }', '{ id: 1, cpus: false }'), /pmem\[0\]\.node/],
  ['platform unknown key', `${LAYOUT}platform: { warp: 9 }\n`, /warp/],
  ['autoOnline banana', `${LAYOUT}platform: { autoOnline: banana }\n`, /autoOnline/],
  ['ten thousand boot ranges', LAYOUT.replace(/boot:\n.*\n/, `boot:\n${Array.from({ length: 10_000 }, (_, i) => `  - { node: 0, range: 0x${(i * 0x2000000).toString(16)}-0x${(i * 0x2000000 + 0x1ffffff).toString(16)} }`).join('\n')}\n`), /boot/],
  ['above a megabyte', `${LAYOUT}# ${'x'.repeat(1 << 20)}\n`, /byte/],
];

describe('malformed layout files: one line each', () => {
  for (const [name, text, says] of BAD_LAYOUTS) {
    it(name, () => expectOneLine(loadLayout(file(text)), says));
  }
  it('a directory, a missing file', () => {
    expectOneLine(loadLayout(dir), /./);
    expectOneLine(loadLayout(join(dir, 'nope.yaml')), /no such/);
  });
});

describe('malformed flags', () => {
  const cases: readonly [string, { ok: boolean; error?: string }, RegExp][] = [
    ['--max-states 0', parseMaxStates('0'), /--max-states/],
    ['--max-states -1', parseMaxStates('-1'), /--max-states/],
    ['--max-states 1e9', parseMaxStates('1e9'), /--max-states/],
    ['--max-states banana', parseMaxStates('banana'), /--max-states/],
    ['--workers 0', parseWorkers('0'), /--workers/],
    ['--workers 65', parseWorkers('65'), /--workers/],
    ['--workers 1.5', parseWorkers('1.5'), /--workers/],
    ['--jobs 0', parseJobs('0'), /--jobs/],
    ['--jobs x', parseJobs('x'), /--jobs/],
    ['--shard 0/3', parseShard('0/3'), /--shard/],
    ['--shard 4/3', parseShard('4/3'), /--shard/],
    ['--shard 1-3', parseShard('1-3'), /--shard/],
    ['sweep --max-states -5', parseSweepMaxStates('-5'), /--max-states/],
  ];
  for (const [name, r, says] of cases) it(name, () => expectOneLine(r, says));
});

describe('malformed patch exports (checked by schema before the search)', () => {
  const fn = (): void => undefined;
  const cases: readonly [string, unknown, RegExp][] = [
    ['no default export', undefined, /default export/],
    ['a string', 'patch', /default export/],
    ['no name', { description: '', overrides: { try_offline_node: fn } }, /name/],
    ['a two-line name', { name: 'a\nb', description: '', overrides: { try_offline_node: fn } }, /name/],
    ['no description', { name: 'x', overrides: { try_offline_node: fn } }, /description/],
    ['no overrides', { name: 'x', description: '' }, /overrides/],
    ['empty overrides', { name: 'x', description: '', overrides: {} }, /names no behaviour point/],
    ['unknown point', { name: 'x', description: '', overrides: { try_offline_nodes: fn } }, /overrides\.try_offline_nodes: unknown/],
    ['__proto__ point', JSON.parse('{"name":"x","description":"","overrides":{"__proto__":1}}'), /overrides/],
    ['a function point given data', { name: 'x', description: '', overrides: { try_offline_node: 'ignore' } }, /overrides\.try_offline_node: must be a function/],
    ['link_failure banana', { name: 'x', description: '', overrides: { link_failure: 'banana' } }, /overrides\.link_failure: must be one of/],
    ['mem_nid true', { name: 'x', description: '', overrides: { mem_nid: true } }, /overrides\.mem_nid/],
    ['memmap_at_add 3', { name: 'x', description: '', overrides: { memmap_at_add: 3 } }, /overrides\.memmap_at_add/],
    ['subsection_hotplug "yes"', { name: 'x', description: '', overrides: { subsection_hotplug: 'yes' } }, /overrides\.subsection_hotplug: must be true or false/],
    ['zone_policy {}', { name: 'x', description: '', overrides: { zone_policy: {} } }, /overrides\.zone_policy\.name/],
    ['zone_policy without validZones', { name: 'x', description: '', overrides: { zone_policy: { name: 'z', zoneAtAdd: false, zoneForOnline: fn } } }, /overrides\.zone_policy\.validZones/],
  ];
  for (const [name, value, says] of cases) {
    it(name, () => {
      const e = checkPatchExport('p.ts', value);
      expectOneLine({ ok: e === null, ...(e === null ? {} : { error: e }) }, says);
    });
  }
});

describe('malformed trace files', () => {
  const good = readFileSync(join(ROOT, 'test/fixtures/ppc-interleaved.v5.8.link-consistency.itf.json'), 'utf8');
  const edit = (f: (t: any) => void): string => {
    const t = JSON.parse(good);
    f(t);
    return file(JSON.stringify(t), 'itf.json');
  };
  const unreadable: readonly [string, string, RegExp][] = [
    ['empty', file('', 'itf.json'), /./],
    ['not JSON', file('{', 'itf.json'), /./],
    ['an array', file('[]', 'itf.json'), /./],
    ['no #meta', edit((t) => { delete t['#meta']; }), /#meta/],
    ['format not ITF', edit((t) => { t['#meta'].format = 'TLA'; }), /format/],
    ['actions a string', edit((t) => { t['#meta'].actions = 'boot'; }), /actions/],
    ['kernel a number', edit((t) => { t['#meta'].kernel = 58; }), /kernel/],
    ['patches not a list', edit((t) => { t['#meta'].patches = 'x'; }), /patches/],
  ];
  for (const [name, path, says] of unreadable) {
    it(name, async () => {
      const t = readItf(path);
      if (!t.ok) return expectOneLine(t, says);
      expectOneLine(await loadSavedRun(path, t.value, {}), says);
    });
  }
  const unrunnable: readonly [string, string, RegExp][] = [
    ['unknown kernel', edit((t) => { t['#meta'].kernel = 'v9.9'; }), /#meta\.kernel v9\.9: unknown kernel/],
    ['unknown property', edit((t) => { t['#meta'].property = 'nope'; }), /#meta\.property/],
    ['a layout that does not parse', edit((t) => { t['#meta'].layout = { name: 'x' }; }), /#meta\.layout/],
    ['a user patch by path', edit((t) => { t['#meta'].patches = ['/tmp/rw.ts']; }), /a trace file never runs code/],
    ['a user patch by hash', edit((t) => { t['#meta'].patches = [`rw.ts@${'0'.repeat(64)}`]; }), /give the file with --patch FILE/],
    ['a relative user patch', edit((t) => { t['#meta'].patches = ['./fix.js']; }), /never runs code/],
  ];
  for (const [name, path, says] of unrunnable) {
    it(name, async () => {
      const t = readItf(path);
      expect(t.ok).toBe(true);
      if (t.ok) expectOneLine(await loadSavedRun(path, t.value, {}), says);
    });
  }
});

describe('malformed records files (merge and --resume)', () => {
  const header = { type: 'sweep', tool: 'hpcheck', version: '0.1.0', bounds: { nodes: 1, blocks: 1, dimms: 0, pmem: 0 }, configs: [{ label: 'v5.8', kernel: 'v5.8', patches: [] }], properties: ['link-consistency'], maxStates: null, shard: null, classes: 1, layouts: 1 };
  const run = { type: 'run', layout: 0, name: 'c0_R0', members: 1, config: 'v5.8', verdict: 'verified', states: 3, transitions: 2, depth: 1, seconds: 0.01, bounded: false, violations: [], fired: [], succeeded: [] };
  const records = (...lines: unknown[]): string => file(`${[header, ...lines].map((l) => JSON.stringify(l)).join('\n')}\n`, 'jsonl');
  const cases: readonly [string, string, RegExp][] = [
    ['empty', file('', 'jsonl'), /empty/],
    ['not JSON', file('{\n', 'jsonl'), /line 1: not JSON/],
    ['no header', file(`${JSON.stringify(run)}\n`, 'jsonl'), /line 1/],
    ['verdict banana', records({ ...run, verdict: 'banana' }), /line 2: verdict/],
    ['states "many"', records({ ...run, states: 'many' }), /line 2: states/],
    ['negative transitions', records({ ...run, transitions: -1 }), /line 2: transitions/],
    ['a violation verdict without violations', records({ ...run, verdict: 'violation' }), /line 2: verdict/],
    ['violations with a verified verdict', records({ ...run, violations: [{ property: 'p', message: 'm', steps: 1, trace: ['a'] }] }), /line 2: verdict/],
    ['an unknown field', records({ ...run, extra: 1 }), /line 2/],
    ['an unknown action kind', records({ ...run, fired: ['teleport'] }), /line 2: fired/],
    ['layout a string', records({ ...run, layout: '0' }), /line 2: layout/],
    ['a directory', dir, /is a directory/],
  ];
  for (const [name, path, says] of cases) it(name, () => expectOneLine(readResults(path), says));
});

/** The seed-000 fixture with the errno of step 3 changed: the action path still runs. */
function editedTrace(): string {
  const t = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/ppc-interleaved.v5.8.link-consistency.itf.json'), 'utf8'));
  t.states[3].errno = 99;
  return file(JSON.stringify(t), 'itf.json');
}

describe.concurrent('command lines: exit 2 and one line', () => {
  const SLOW = 600_000;
  const cases: readonly [string, string[]][] = [
    ['a bare hpcheck (usage on stderr)', []],
    ['sweep --out a directory', ['sweep', '--kernel', 'v5.8', '--nodes', '1', '--blocks', '1', '--out', '/tmp']],
    ['sweep --out in a missing directory', ['sweep', '--kernel', 'v5.8', '--nodes', '1', '--blocks', '1', '--out', '/nonexistent/d/x.jsonl']],
    ['merge a directory', ['merge', '/tmp']],
    ['check --out /dev/full', ['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'link-consistency', '--out', '/dev/full']],
    ['simulate --path beyond every run', ['simulate', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--seed', '1', '--path', '99999999999999999999:1']],
    ['replay of a trace whose stored state was edited', ['replay', editedTrace()]],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const r = await hpcheckAsync(args);
      if (args.length === 0) {
        expect(r.status).toBe(2);
        expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^hpcheck: name a command/);
      } else {
        expect(oneLineError(r)).toBeNull();
        if (args[0] === 'replay') expect(r.stderr).toMatch(/states\[3\] \(step 3, .*\): errno is not what the action path gives/);
      }
    }, SLOW);
  }
});
