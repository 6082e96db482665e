/**
 * The module hooks of the sandboxed child and of every worker thread it starts, in place of
 * tsx: tsx compiles TypeScript with esbuild, which runs as a child process, and the sandbox
 * allows none. Here sucrase (plain JavaScript, in-process) strips the types instead.
 *
 * Every .ts/.mts file is an ES module, and so is a .js/.mjs user patch outside the checkout
 * in a directory without package.json "type": "module" (Node 20 would otherwise take a .ts
 * file there for CommonJS: "Cannot require() ES Module ... in a cycle").
 */
import { readFile } from 'node:fs/promises';
import { transform } from 'sucrase';

let root = '';

export function initialize(data) {
  root = data.root;
}

const isTs = (url) => /\.m?ts$/.test(new URL(url).pathname);

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (!r.url.startsWith('file:') || r.url.includes('/node_modules/')) return r;
  if (isTs(r.url) || (!r.url.startsWith(root) && /\.m?js$/.test(new URL(r.url).pathname))) return { ...r, format: 'module' };
  return r;
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !isTs(url) || url.includes('/node_modules/')) return next(url, context);
  const text = await readFile(new URL(url), 'utf8');
  const { code } = transform(text, { transforms: ['typescript'], disableESTransforms: true, filePath: new URL(url).pathname });
  return { format: 'module', source: code, shortCircuit: true };
}
