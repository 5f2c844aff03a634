/**
 * Reproduces the paper's two ends of the phase diagram (not a CI test: ≈ 1 h of CPU on 2 cores
 * at full settings). Trains α = 0 and α = 1 transformers (d = 128, 1 layer, 20,000 steps, seeds
 * 1..N) on both cores, audits each (metrics, circles, verdict), and checks each run's gradient
 * symmetricity and top-incorrect distance irrelevance against the paper's runs in
 * results/1l_fixedwidth.csv with α within ±0.05, 1 layer, width 128, diff_vocab = eqn_sign = 0,
 * non-empty circularity, and the same circularity class (paper.json's gate, ≥ 0.995 or not): inside the
 * reference's 5th–95th percentiles?
 *
 *   node dist/scripts/reproduce-paper.js [--seeds 3] [--steps 20000] [--width 128] [--out out/reproduce-paper] [--concurrency 2]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { auditCheckpoint } from '../src/audit/audit.js';
import { defaultCircularityGate, passesGate } from '../src/audit/circularity-gate.js';
import { referenceDir } from '../src/reference.js';
import { selectRuns } from '../src/sweep/population.js';
import { readReferenceCsv } from '../src/sweep/reference-csv.js';
import { isCircular, type Run } from '../src/sweep/run.js';
import { RUN_FILES } from '../src/train/outputs.js';
import { trainMany, type TrainJob } from '../src/train/pool.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '20000' },
    width: { type: 'string', default: '128' },
    out: { type: 'string', default: 'out/reproduce-paper' },
    concurrency: { type: 'string', default: '2' },
    'skip-training': { type: 'boolean', default: false },
  },
});
const seeds = Number(values.seeds);
const steps = Number(values.steps);
const width = Number(values.width);
const outDir = resolve(values.out!);
const ALPHAS = [0, 1];

function percentile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const jobs: (TrainJob & { alpha: number; seed: number })[] = [];
// seed-major, so that the first finished pair already holds one run of each α
for (let seed = 1; seed <= seeds; seed++) for (const alpha of ALPHAS) {
  const out = join(outDir, `a${alpha}-d${width}-s${seed}`);
  jobs.push({ alpha, seed, options: { attn: alpha, width, steps, seed }, out, progressEvery: 1000 });
}

const pending = values['skip-training'] ? [] : jobs.filter((j) => !existsSync(join(j.out!, RUN_FILES.weights)));
if (pending.length > 0) {
  console.log(`training ${pending.length} runs (${steps} steps, d=${width}) on ${values.concurrency} workers → ${outDir}`);
  await trainMany(
    pending.map((j) => ({ ...j, force: true })),
    {
      concurrency: Number(values.concurrency),
      onProgress: (i, p) => console.log(`  α=${pending[i]!.alpha} seed ${pending[i]!.seed}: step ${p.step + 1}/${p.steps} loss ${p.trainLoss.toExponential(3)} test acc ${p.testAcc.toFixed(3)} (${(p.elapsedMs / 60000).toFixed(1)} min)`),
    },
  );
}

const csv = join(referenceDir(), 'pizza-repo/results/1l_fixedwidth.csv');
// The paper's 1-layer runs of this width under the filter of METRICS.md §8.
const population: Run[] = existsSync(csv) ? selectRuns(readReferenceCsv(csv), { layers: 1, width }) : [];
if (population.length === 0) console.log(`(no reference population: ${csv} absent)`);

const rows: Record<string, unknown>[] = [];
console.log('\nα  seed  acc    GS      DI(top-inc)  DI(correct)  circ.   audit (circles: δ + role initial)         | ref n  GS 5–95 %        DI 5–95 %        vs paper');
for (const job of jobs) {
  const weights = join(job.out!, RUN_FILES.weights);
  if (!existsSync(weights)) {
    console.log(`${job.alpha}  ${job.seed}  (not trained)`);
    continue;
  }
  const report = await auditCheckpoint(weights);
  const value = (k: string) => report.metrics[k]?.value ?? null;
  // δ of each circle with its role's initial: pizza, clock, accompanying, unexplained
  const circles = report.circles.map((c) => `${c.delta}${c.role[0]}`).join(' ');
  const audit = `${report.verdict.algorithm} (${circles})`;
  const gs = value('gradientSymmetricity');
  const di = value('distanceIrrelevanceTopIncorrect');
  const circ = value('circularity');
  const circular = passesGate(circ, defaultCircularityGate());
  const peers = population.filter((r) => Math.abs(r.attn - job.alpha) <= 0.05 && isCircular(r) === circular);
  const band = (key: 'gradientSymmetricity' | 'distanceIrrelevanceTopIncorrect') => {
    const xs = peers.map((r) => r.metrics[key]).filter((x): x is number => x !== null).sort((a, b) => a - b);
    return xs.length ? [percentile(xs, 0.05), percentile(xs, 0.95)] as const : undefined;
  };
  const gsBand = band('gradientSymmetricity');
  const diBand = band('distanceIrrelevanceTopIncorrect');
  const inside = (x: number | null, b: readonly [number, number] | undefined) => (x === null || b === undefined ? undefined : x >= b[0] && x <= b[1]);
  const gsIn = inside(gs, gsBand);
  const diIn = inside(di, diBand);
  const verdict = gsIn === undefined || diIn === undefined ? 'no reference' : gsIn && diIn ? 'inside' : `outside (${[gsIn ? '' : 'GS', diIn ? '' : 'DI'].filter(Boolean).join(', ')})`;
  const f = (x: number | null, d = 4) => (x === null ? '—' : x.toFixed(d));
  const fb = (b: readonly [number, number] | undefined) => (b ? `${b[0].toFixed(3)}–${b[1].toFixed(3)}` : '—');
  console.log(`${job.alpha}  ${job.seed}     ${f(value('accuracy'), 3)}  ${f(gs)}  ${f(di).padEnd(11)}  ${f(value('distanceIrrelevance')).padEnd(11)}  ${f(circ)}  ${audit.padEnd(41)} | ${String(peers.length).padStart(4)}  ${fb(gsBand).padEnd(15)}  ${fb(diBand).padEnd(15)}  ${verdict}`);
  rows.push({ alpha: job.alpha, seed: job.seed, steps, width, accuracy: value('accuracy'), gradientSymmetricity: gs, distanceIrrelevanceTopIncorrect: di, distanceIrrelevance: value('distanceIrrelevance'), circularity: circ, audit: report.verdict.algorithm, circles: report.circles.map((c) => ({ delta: c.delta, role: c.role })), referenceCount: peers.length, gsBand, diBand, verdict });
}
if (existsSync(outDir)) writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(rows, null, 2)}\n`);
