/**
 * `npm run bench`: runs every benchmark in scripts/bench/ (each exports `bench()`, which
 * prints its own table with a baseline measured in the same run and the ratio).
 * Pass area names to run only some: `npm run bench -- metrics io`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(join(here, 'bench'))
  .filter((f) => f.endsWith('.js'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.js$/, '')))
  .sort();

for (const file of files) {
  console.log(`\n## ${file.replace(/\.js$/, '')}`);
  const module = (await import(pathToFileURL(join(here, 'bench', file)).href)) as { bench?: () => Promise<void> };
  if (typeof module.bench !== 'function') throw new Error(`scripts/bench/${file} exports no bench()`);
  await module.bench();
}
