// Compiles kernels.as (AssemblyScript) to dist/kernels/train-kernels.wasm. Run by `npm run build`
// (and so by `prepare` on `npm ci`). The source keeps the .as extension so tsc leaves it alone;
// asc only reads .ts names, so it is handed the text under one.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const source = readFileSync(resolve(here, 'kernels.as'), 'utf8');
const { binary, stderr, error } = await asc.compileString(
  { 'kernels.ts': source },
  { optimizeLevel: 3, shrinkLevel: 0, runtime: 'stub', noAssert: true, enable: ['simd'] },
);
if (error || !binary) {
  process.stderr.write(stderr.toString());
  throw new Error(`kernels.as: compilation failed: ${error?.message ?? 'no binary'}`);
}
const out = resolve(root, 'dist/kernels/train-kernels.wasm');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.tmp`, binary);
renameSync(`${out}.tmp`, out);
console.log(`kernels: wrote ${out} (${binary.length} bytes)`);
