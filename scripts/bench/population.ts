/**
 * `clockpizza population` beside repeated `clockpizza audit` calls (issue 14, Speed): N copies of
 * 1-layer d = 128 checkpoints (the released Model A and Model B, each copied with its config;
 * copies, not links, since a population counts a file once), audited (a) by one `audit` process
 * per file, as a shell loop would, (b) by `population --jobs 1` (one process, set up once) and
 * (c) by `population --jobs 2` (two worker threads). Wall times of real processes of the built
 * CLI, so start-up is included where it is paid; the ratio is (a)/(b). Needs the reference
 * checkpoints (skipped, saying so, without them). `npm run bench -- population`; `BENCH_COPIES`
 * sets the copies of each model (default 4).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hasReference, referenceDir, repoRoot } from '../../src/reference.js';

const BIN = resolve(repoRoot(), 'dist/src/cli/main.js');

function wall(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`clockpizza ${args.join(' ')} failed: ${run.stderr}`);
  return (performance.now() - start) / 1000;
}

export async function bench(): Promise<void> {
  if (!hasReference()) {
    console.log('skipped: needs the released checkpoints (CLOCKPIZZA_REFERENCE)');
    return;
  }
  const copies = Number(process.env['BENCH_COPIES'] ?? 4);
  const dir = mkdtempSync(join(tmpdir(), 'clockpizza-bench-population-'));
  try {
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    const files: string[] = [];
    for (const id of ['p99zdpze5l', 'l8k1hzciux']) {
      for (let i = 0; i < copies; i++) {
        const copy = `${id}c${i}`;
        copyFileSync(join(referenceDir(), 'pizza-repo/checkpoints', `model_${id}.pt`), join(inputs, `model_${copy}.pt`));
        copyFileSync(join(referenceDir(), 'pizza-repo/checkpoints', `config_${id}.json`), join(inputs, `config_${copy}.json`));
        files.push(join(inputs, `model_${copy}.pt`));
      }
    }
    const n = files.length;
    const loop = files.reduce((total, file) => total + wall(['audit', file, '--json']), 0);
    const one = wall(['population', inputs, '--out', join(dir, 'one.jsonl')]);
    const two = wall(['population', inputs, '--out', join(dir, 'two.jsonl'), '--jobs', '2']);
    const rate = (s: number) => (n / s).toFixed(2);
    console.log(`${n} checkpoints (1 layer, d = 128: ${copies} × Model A, ${copies} × Model B)`);
    console.log('| what | wall | checkpoints/s | per core | vs audit loop |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| one \`clockpizza audit\` process per file (baseline) | ${loop.toFixed(1)} s | ${rate(loop)} | ${rate(loop)} | 1.00× |`);
    console.log(`| \`clockpizza population --jobs 1\` | ${one.toFixed(1)} s | ${rate(one)} | ${rate(one)} | ${(loop / one).toFixed(2)}× |`);
    console.log(`| \`clockpizza population --jobs 2\` | ${two.toFixed(1)} s | ${rate(two)} | ${(n / two / 2).toFixed(2)} | ${(loop / two).toFixed(2)}× |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
