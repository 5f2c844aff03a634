// Compiles the AssemblyScript kernels to dist/kernels/*.wasm: kernels.as (the factorised training
// step), src/neurons/column-dots.as (CKA's dot products) and src/neurons/rows-times.as (the neuron
// tables' products). Run by `npm run build` (and so by
// `prepare` on `npm ci`). The sources keep the .as extension so tsc leaves them alone; asc only
// reads .ts names, so each is handed the text under one.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const modules = [
  { source: 'src/train/kernels/kernels.as', out: 'dist/kernels/train-kernels.wasm' },
  { source: 'src/neurons/column-dots.as', out: 'dist/kernels/column-dots.wasm' },
  { source: 'src/neurons/rows-times.as', out: 'dist/kernels/rows-times.wasm' },
];
for (const m of modules) {
  const source = readFileSync(resolve(root, m.source), 'utf8');
  const { binary, stderr, error } = await asc.compileString(
    { 'kernels.ts': source },
    { optimizeLevel: 3, shrinkLevel: 0, runtime: 'stub', noAssert: true, enable: ['simd'] },
  );
  if (error || !binary) {
    process.stderr.write(stderr.toString());
    throw new Error(`${m.source}: compilation failed: ${error?.message ?? 'no binary'}`);
  }
  const out = resolve(root, m.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, binary);
  renameSync(`${out}.tmp`, out);
  console.log(`kernels: wrote ${out} (${binary.length} bytes)`);
}
