/** `--import`ed by the sandboxed child, and so by every worker it starts: registers ts-hook.mjs. */
import { register } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = `${pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../..')).href}/`;
register('./ts-hook.mjs', import.meta.url, { data: { root } });
