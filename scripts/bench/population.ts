/**
 * `clockpizza population` beside repeated `clockpizza audit` calls (issue 14, Speed): N copies of
 * 1-layer d = 128 checkpoints (the released Model A and Model B, each copied with its config;
 * copies, not links, since a population counts a file once), audited (a) by one `audit` process
 * per file, as a shell loop would, (b) by `population --jobs 1` (one process, set up once) and
 * (c) by `population --jobs 2` (two worker processes). Wall times of real processes of the built
 * CLI, so start-up is included where it is paid; the ratio is against (a). The marginal rate
 * (start-up excluded) is what a large population runs at: twice the copies in a second folder,
 * n / (wall(2n) − wall(n)), each the faster of two alternated runs; the 700-checkpoint column is start-up plus 700 at that rate. Needs the reference
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
    // inputs/a: `copies` of each model; inputs/b: twice as many (b − a is the marginal cost).
    const inputs = (name: string, copiesOfEach: number): { dir: string; files: string[] } => {
      const folder = join(dir, name);
      mkdirSync(folder);
      const files: string[] = [];
      for (const id of ['p99zdpze5l', 'l8k1hzciux']) {
        for (let i = 0; i < copiesOfEach; i++) {
          const copy = `${id}c${i}`;
          copyFileSync(join(referenceDir(), 'pizza-repo/checkpoints', `model_${id}.pt`), join(folder, `model_${copy}.pt`));
          copyFileSync(join(referenceDir(), 'pizza-repo/checkpoints', `config_${id}.json`), join(folder, `config_${copy}.json`));
          files.push(join(folder, `model_${copy}.pt`));
        }
      }
      return { dir: folder, files };
    };
    const a = inputs('a', copies);
    const b = inputs('b', 2 * copies);
    const n = a.files.length;
    const loop = a.files.reduce((total, file) => total + wall(['audit', file, '--json']), 0);
    // Each size twice, alternated, and the faster of each: the host's speed drifts between runs.
    const population = (jobs: number): { wall: number; marginal: number } => {
      const run = (inputs: string, out: string): number => {
        rmSync(join(dir, out), { force: true });
        return wall(['population', inputs, '--out', join(dir, out), '--jobs', String(jobs)]);
      };
      let small = Infinity;
      let large = Infinity;
      for (let round = 0; round < 2; round++) {
        small = Math.min(small, run(a.dir, `a${jobs}.jsonl`));
        large = Math.min(large, run(b.dir, `b${jobs}.jsonl`));
      }
      return { wall: small, marginal: n / (large - small) };
    };
    const one = population(1);
    const two = population(2);
    const rate = (s: number) => (n / s).toFixed(2);
    // 700 checkpoints: start-up once, then the marginal rate.
    const projected = (p: { wall: number; marginal: number }) => `${(p.wall - n / p.marginal + 700 / p.marginal).toFixed(0)} s`;
    console.log(`${n} checkpoints (1 layer, d = 128: ${copies} × Model A, ${copies} × Model B); marginal: ${n} more checkpoints (${2 * n} against ${n}), start-up excluded`);
    console.log('| what | wall | checkpoints/s | marginal per core | 700 checkpoints | vs audit loop |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(`| one \`clockpizza audit\` process per file (baseline) | ${loop.toFixed(1)} s | ${rate(loop)} | ${rate(loop)} | ${((700 * loop) / n).toFixed(0)} s | 1.00× |`);
    console.log(`| \`clockpizza population --jobs 1\` | ${one.wall.toFixed(1)} s | ${rate(one.wall)} | ${one.marginal.toFixed(2)} | ${projected(one)} | ${(loop / one.wall).toFixed(2)}× |`);
    console.log(`| \`clockpizza population --jobs 2\` | ${two.wall.toFixed(1)} s | ${rate(two.wall)} | ${(two.marginal / 2).toFixed(2)} | ${projected(two)} | ${(loop / two.wall).toFixed(2)}× |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
