/**
 * The trace viewer: one self-contained HTML page (inline style, script and data; nothing
 * fetched) that steps through counterexamples with the arrow keys. The data comes from
 * view-data.ts; this file only draws it.
 */
import { VERSION } from '../../run/version.ts';
import { MEMMAP_LETTERS, SUBKIND_LETTERS, type ViewTrace } from './view-data.ts';

const STYLE = `
:root { --fg:#1d2330; --muted:#6b7280; --line:#d8dde6; --bg:#fafbfc; --add:#1a7f37; --del:#cf222e; --chg:#9a6700; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, sans-serif; color:var(--fg); background:var(--bg); }
header { padding:10px 16px; border-bottom:1px solid var(--line); background:#fff; display:flex; gap:16px; align-items:baseline; flex-wrap:wrap; }
header h1 { font-size:16px; margin:0; }
header .meta { color:var(--muted); }
main { display:grid; grid-template-columns: 330px 1fr; min-height: calc(100vh - 50px); }
nav { border-right:1px solid var(--line); background:#fff; padding:8px 0; overflow:auto; }
nav ol { list-style:none; margin:0; padding:0; counter-reset: step -1; }
nav li { padding:3px 12px; cursor:pointer; font:12px/1.5 ui-monospace, monospace; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
nav li::before { counter-increment: step; content: counter(step) "  "; color:var(--muted); }
nav li[aria-current="step"] { background:#ddf4ff; font-weight:600; }
nav li.fails { color:var(--del); }
nav .hint { color:var(--muted); font-size:12px; padding:8px 12px; }
#detail { padding:12px 20px; overflow:auto; }
h2 { font-size:15px; margin:4px 0 8px; } h3 { font-size:13px; margin:14px 0 6px; color:#374151; }
pre { margin:0; font:12px/1.45 ui-monospace, monospace; white-space:pre-wrap; }
.box { background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px 10px; }
.add { color:var(--add); } .del { color:var(--del); } .chg { color:var(--chg); }
.removed { color:var(--del); text-decoration: line-through; }
.stale { color:#fff; background:var(--del); font-weight:600; border-radius:3px; padding:0 4px; }
.badge { white-space:nowrap; font-size:11px; border-radius:3px; padding:0 4px; margin-left:6px; }
.badge.bad { background:var(--del); color:#fff; } .badge.new { background:var(--add); color:#fff; } .badge.chg { background:#fff3c4; color:var(--chg); }
#map { display:flex; gap:3px; flex-wrap:wrap; }
.section { display:flex; border:2px solid #9aa3b2; border-radius:3px; }
.sub { width:26px; height:34px; border-right:1px solid rgba(0,0,0,.12); position:relative; font:10px ui-monospace, monospace; display:flex; align-items:center; justify-content:center; color:rgba(0,0,0,.7); }
.sub.hole { background: repeating-linear-gradient(45deg,#fff,#fff 4px,#eef0f3 4px,#eef0f3 8px); }
.sub.absent { opacity:.35; } .sub.poisoned { outline:2px dashed #d97706; outline-offset:-3px; }
.sub.zone-M { background-image: repeating-linear-gradient(135deg, rgba(255,255,255,.55) 0 3px, transparent 3px 7px); }
.sub.zone-D { background-image: radial-gradient(rgba(0,0,0,.35) 1px, transparent 1.5px); background-size:5px 5px; }
.sub.no-memmap { opacity:1; background:var(--del) !important; color:#fff; font-weight:700; }
.blocks, .ranges { display:flex; gap:3px; margin-top:3px; position:relative; height:18px; }
.range { position:absolute; height:16px; border-radius:3px; font:11px/16px ui-monospace, monospace; color:#fff; padding:0 4px; overflow:hidden; white-space:nowrap; }
.range.block { background:#fff; color:#374151; border:1px solid #9aa3b2; line-height:14px; } .range.boot { background:#6b7280; } .range.dimm { background:#2563eb; } .range.pmem { background:#7c3aed; }
.legend { display:flex; gap:14px; flex-wrap:wrap; color:var(--muted); font-size:12px; margin-top:8px; }
.legend span i { display:inline-block; width:12px; height:12px; vertical-align:-2px; margin-right:4px; border:1px solid rgba(0,0,0,.15); }
.cols { display:grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap:16px; }
#sysfs pre { white-space:pre; overflow-x:auto; }
#blocks, #nodes { overflow-x:auto; }
td { white-space:nowrap; }
table { border-collapse:collapse; font:12px ui-monospace, monospace; background:#fff; }
th, td { border:1px solid var(--line); padding:2px 6px; text-align:left; } th { background:#f3f4f6; }
td.bad { color:var(--del); font-weight:600; }
#property { margin-top:14px; border-left:4px solid var(--add); }
#property.fails { border-left-color: var(--del); background:#fff5f5; }
#property .status { font-weight:600; }
`;

const SCRIPT = `
const DATA = JSON.parse(document.getElementById('hpcheck-data').textContent);
const NODE_COLORS = ['#8bc34a','#4fc3f7','#ffb74d','#ba68c8','#f06292','#4db6ac','#a1887f','#90a4ae'];
let trace = 0, step = 0;
const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v);
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}
const hex = (n) => '0x' + n.toString(16).padStart(8, '0');
function lineClass(l) { const t = l.trimStart(); return t.startsWith('+') ? 'add' : t.startsWith('-') ? 'del' : ''; }

function drawSteps() {
  const t = DATA.traces[trace];
  const ol = el('ol');
  t.steps.forEach((s, i) => {
    const li = el('li', { 'data-step': i, title: s.action, class: s.violation ? 'fails' : null }, s.action);
    li.onclick = () => go(i);
    ol.append(li);
  });
  $('steps').replaceChildren(ol, el('p', { class: 'hint' }, '\\u2190 \\u2192 or \\u2191 \\u2193 step, Home/End jump'));
}

function drawMap(t, s) {
  const map = $('map'); map.replaceChildren();
  const per = t.map.subsPerSection, n = s.subs.kind.length;
  for (let sec = 0; sec * per < n; sec++) {
    const box = el('div', { class: 'section', title: 'section ' + sec });
    for (let i = sec * per; i < Math.min(n, (sec + 1) * per); i++) {
      const kind = s.subs.kind[i], mm = s.subs.memmap[i], node = s.subs.node[i], zone = s.subs.zone[i], valid = s.subs.valid[i] === '1';
      const noMemmap = valid && mm === 'a';
      const cls = ['sub', kind === 'h' ? 'hole' : '', mm === 'a' ? 'absent' : '', mm === 'p' ? 'poisoned' : '', zone !== '-' ? 'zone-' + zone : '', noMemmap ? 'no-memmap' : ''].filter(Boolean).join(' ');
      const addr = hex(i * t.map.subSize) + '-' + hex((i + 1) * t.map.subSize - 1);
      const tip = '[mem ' + addr + '] ' + DATA.kinds[kind] + (node !== '-' ? ', node' + node : '') + ', memmap ' + DATA.memmaps[mm] + (zone !== '-' ? ' (' + zone + ')' : '') + (valid ? ', pfn_valid' : '') + (noMemmap ? ': pfn_valid() but NO MEMMAP' : '');
      const cell = el('div', { class: cls, title: tip, 'data-sub': i }, noMemmap ? '!' : node === '-' ? '' : node);
      if (kind !== 'h' && node !== '-') cell.style.backgroundColor = NODE_COLORS[Number(node) % NODE_COLORS.length];
      box.append(cell);
    }
    map.append(box);
  }
  const cellW = 27, secGap = 3 + 4;
  const x = (sub) => sub * cellW + Math.floor(sub / per) * secGap;
  const ranges = el('div', { class: 'ranges', style: 'height:' + (18 * 3) + 'px' });
  const bar = (cls, row, start, end, title, label) => ranges.append(el('div', { class: 'range ' + cls, style: 'left:' + x(start) + 'px;top:' + row * 18 + 'px;width:' + (x(end) - x(start) - 3) + 'px', title }, label));
  for (let b = 0; b * t.map.subsPerBlock < n; b++) bar('block', 0, b * t.map.subsPerBlock, Math.min(n, (b + 1) * t.map.subsPerBlock), 'memory block ' + b, 'memory' + b);
  for (const r of t.ranges) {
    const title = r.kind + ' ' + r.name + ' node' + r.node + ' [mem ' + r.text + ']';
    bar(r.kind, r.kind === 'boot' ? 1 : 2, r.start, r.end, title, r.kind === 'boot' ? 'boot node' + r.node : r.name + ' (node' + r.node + ')');
  }
  map.append(el('div', { style: 'flex-basis:100%;height:0' }), ranges);
}

function drawSysfs(s) {
  const pre = el('pre');
  for (const e of s.sysfs) {
    const parts = e.path.replace(/\\/$/, '').split('/');
    const name = parts[parts.length - 1] + (e.path.endsWith('/') ? '/' : '');
    const mark = { added: '+ ', removed: '- ', changed: '~ ', same: '  ' }[e.change];
    const line = el('div', { class: e.change === 'removed' ? 'removed' : e.change === 'added' ? 'add' : e.change === 'changed' ? 'chg' : null, 'data-path': e.path });
    line.append(mark + '  '.repeat(parts.length - 1));
    if (e.target) {
      const link = el('span', { class: e.stale && e.change !== 'removed' ? 'stale' : null }, name + ' -> ' + e.target);
      line.append(link);
      if (e.stale && e.change !== 'removed') line.append(el('span', { class: 'badge bad' }, 'dangling: ' + (e.path.startsWith('node/') ? 'the block is gone' : 'the node is gone')));
    } else {
      line.append(name);
      if (e.note) line.append(el('span', { class: 'muted' }, '  (' + e.note + ')'));
    }
    pre.append(line);
  }
  $('sysfs').replaceChildren(pre);
}

function table(id, head, rows) {
  const t = el('table', {}, el('tr', {}, head.map((h) => el('th', {}, h))));
  for (const r of rows) t.append(el('tr', {}, r.map((c) => el('td', {}, c))));
  $(id).replaceChildren(t);
}

function drawProperty(t, s, i) {
  const p = t.property, box = $('property');
  box.className = 'box' + (s.violation ? ' fails' : '');
  const kids = [el('div', { class: 'status' }, s.violation ? '\\u2717 ' + p.name + ' fails at step ' + i + ': ' + s.violation : '\\u2713 ' + p.name + ' holds at step ' + i)];
  if (s.violation && i === t.steps.length - 1 && t.kernelLog.length) kids.push(el('h3', {}, 'The kernel log'), el('pre', { id: 'kernel-log' }, t.kernelLog.join('\\n')));
  if (s.bug) kids.push(el('pre', { class: 'del' }, s.bug));
  kids.push(el('p', {}, el('b', {}, p.name + ': '), p.statement), el('p', {}, el('b', {}, 'Why: '), p.why));
  box.replaceChildren(...kids);
}

function go(i) {
  const t = DATA.traces[trace];
  step = Math.max(0, Math.min(t.steps.length - 1, i));
  const s = t.steps[step];
  document.querySelectorAll('#steps li').forEach((li) => li.toggleAttribute('aria-current', false));
  const cur = document.querySelector('#steps li[data-step="' + step + '"]');
  cur.setAttribute('aria-current', 'step'); cur.scrollIntoView({ block: 'nearest' });
  $('step-title').textContent = 'Step ' + step + ' of ' + (t.steps.length - 1) + ': ' + s.action + (s.errno ? '  (' + s.errno + ')' : '');
  $('commands').replaceChildren(...s.commands.map((c) => el('div', {}, c)));
  $('changes').replaceChildren(...(s.changes.length ? s.changes : ['(no change)']).map((c) => el('div', { class: lineClass(c) }, c)));
  drawMap(t, s);
  drawSysfs(s);
  table('blocks', ['block', 'state', 'zone', 'mem->nid', 'memoryN/node*', 'node*/memoryN', 'valid_zones'], s.blocks);
  table('nodes', ['node', 'registered', 'online', 'has_memory', 'cpus', 'span', 'Normal', 'Movable', 'Device'], s.nodes);
  drawProperty(t, s, step);
}

function drawNodeLegend(t) {
  const nodes = [...new Set(t.ranges.map((r) => r.node))].sort((a, b) => a - b);
  $('node-legend').replaceChildren(...nodes.map((n) => el('span', {}, Object.assign(el('i'), { style: 'background:' + NODE_COLORS[n % NODE_COLORS.length] }), 'node' + n + ' ')));
}

function selectTrace(i) {
  trace = i;
  const t = DATA.traces[i];
  $('meta').textContent = 'layout ' + t.layout + ' (' + t.geometry + '), kernel ' + t.kernel + ', patches: ' + (t.patches.length ? t.patches.join(', ') : 'none');
  drawNodeLegend(t); drawSteps(); go(0);
}

const pick = $('trace');
DATA.traces.forEach((t, i) => pick.append(el('option', { value: i }, t.property.name + ' (' + (t.steps.length - 1) + ' steps)')));
pick.onchange = () => selectTrace(Number(pick.value));
if (DATA.traces.length < 2) pick.hidden = true;
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLSelectElement) return;
  const t = DATA.traces[trace];
  const to = { ArrowRight: step + 1, ArrowDown: step + 1, ArrowLeft: step - 1, ArrowUp: step - 1, Home: 0, End: t.steps.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault(); go(to);
});
selectTrace(0);
`;

const legend = `
<div class="legend">
  <span id="node-legend"></span><span>Normal zone solid</span>
  <span><i style="background:#8bc34a;background-image:repeating-linear-gradient(135deg,rgba(255,255,255,.55) 0 3px,transparent 3px 7px)"></i>Movable</span>
  <span><i style="background:#8bc34a;background-image:radial-gradient(rgba(0,0,0,.35) 1px,transparent 1.5px);background-size:5px 5px"></i>Device</span>
  <span><i style="background:#8bc34a;opacity:.35"></i>no memmap</span>
  <span><i style="outline:2px dashed #d97706;outline-offset:-3px"></i>poisoned memmap</span>
  <span><i style="background:#cf222e"></i>pfn_valid() without a memmap</span>
  <span><i style="background:#2563eb"></i>DIMM</span><span><i style="background:#7c3aed"></i>pmem</span><span><i style="background:#6b7280"></i>boot range</span>
</div>`;

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** viewPage() - the page for `traces` (at least one). */
export function viewPage(traces: readonly ViewTrace[]): string {
  const data = JSON.stringify({ traces, memmaps: MEMMAP_LETTERS, kinds: SUBKIND_LETTERS }).replace(/</g, '\\u003c');
  const title = traces.map((t) => `${t.property.name} on ${t.layout}, ${t.kernel}`).join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hpcheck: ${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>hpcheck ${VERSION} trace viewer</h1><select id="trace" aria-label="counterexample"></select><span class="meta" id="meta"></span></header>
<main>
<nav id="steps" aria-label="steps"></nav>
<section id="detail">
  <h2 id="step-title"></h2>
  <div class="box"><pre id="commands"></pre><pre id="changes"></pre></div>
  <h3>Physical address map (one cell per subsection, boxes are sections)</h3>
  <div id="map"></div>${legend}
  <div class="cols">
    <div><h3>/sys/devices/system</h3><div class="box" id="sysfs"></div></div>
    <div><h3>Memory blocks</h3><div id="blocks"></div></div>
  </div>
  <h3>Nodes</h3><div id="nodes"></div>
  <section id="property" class="box"></section>
</section>
</main>
<script id="hpcheck-data" type="application/json">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
