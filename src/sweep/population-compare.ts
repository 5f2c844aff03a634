import { ksPower, POWER_DEFAULTS, type KsPower } from '../stats/ks-power.js';
import { EXACT_LIMIT, ksTwoSample, type KsResult } from '../stats/ks.js';
import { BIN_WIDTH, binIndex, binLabel } from './phase-analysis.js';
import { selectRuns } from './population.js';
import { defaultCircularityGate, gateText, type CircularityGate } from '../audit/circularity-gate.js';
import { ungatedNote, ungatedRuns } from './ungated.js';
import { isCircular, METRIC_LABELS, type PopulationMetric, type Run } from './run.js';

/**
 * Whether a setup's runs are distributed like the reference population, per α bin and
 * metric: a two-sample Kolmogorov–Smirnov test, with the power it has at those sample sizes
 * (so "consistent" from three runs is not mistaken for evidence of agreement).
 */

export const COMPARED_METRICS = ['gradientSymmetricity', 'distanceIrrelevanceTopIncorrect'] as const satisfies readonly PopulationMetric[];

export interface CompareOptions {
  layers?: number;
  width?: number;
  /** Include non-circular runs (default: circular runs only, as in the paper's figures). */
  allRuns?: boolean;
  alpha?: number;
  power?: number;
  draws?: number;
  seed?: number;
  binWidth?: number;
  /** Default: the gate of spec/rules/paper.json. */
  gate?: CircularityGate;
}

export type BinVerdict = 'consistent' | 'differs' | 'insufficient data';

export interface BinComparison {
  metric: PopulationMetric;
  index: number;
  lo: number;
  hi: number;
  n: number;
  m: number;
  verdict: BinVerdict;
  ks: KsResult | null;
  power: KsPower | null;
}

export interface PopulationComparison {
  layers: number;
  width: number;
  allRuns: boolean;
  alpha: number;
  power: number;
  draws: number;
  seed: number;
  gate: CircularityGate;
  circular: { setup: [number, number]; reference: [number, number] };
  /** Runs of each side without the gate's metric, counted non-circular (ungated.ts). */
  ungated: { setup: number; reference: number };
  bins: BinComparison[];
}

function valuesByBin(runs: readonly Run[], metric: PopulationMetric, binWidth: number): number[][] {
  const bins: number[][] = Array.from({ length: Math.round(1 / binWidth) }, () => []);
  for (const r of runs) {
    const v = r.metrics[metric];
    if (v !== null) bins[binIndex(r.attn, binWidth)]!.push(v);
  }
  return bins;
}

export function comparePopulations(setup: readonly Run[], reference: readonly Run[], options: CompareOptions = {}): PopulationComparison {
  const layers = options.layers ?? 1;
  const width = options.width ?? 128;
  const allRuns = options.allRuns ?? false;
  const alpha = options.alpha ?? POWER_DEFAULTS.alpha;
  const power = options.power ?? POWER_DEFAULTS.power;
  const draws = options.draws ?? POWER_DEFAULTS.draws;
  const seed = options.seed ?? POWER_DEFAULTS.seed;
  const binWidth = options.binWidth ?? BIN_WIDTH;
  const gate = options.gate ?? defaultCircularityGate();
  const circular = (r: Run): boolean => isCircular(r, gate);
  const base = { layers, width };
  const setupAll = selectRuns(setup, base);
  const referenceAll = selectRuns(reference, base);
  const a = allRuns ? setupAll : setupAll.filter(circular);
  const b = allRuns ? referenceAll : referenceAll.filter(circular);
  const bins: BinComparison[] = [];
  for (const metric of COMPARED_METRICS) {
    const xs = valuesByBin(a, metric, binWidth);
    const ys = valuesByBin(b, metric, binWidth);
    xs.forEach((x, index) => {
      const y = ys[index]!;
      const where = { metric, index, lo: index * binWidth, hi: (index + 1) * binWidth, n: x.length, m: y.length };
      if (x.length < 2 || y.length < 2) {
        bins.push({ ...where, verdict: 'insufficient data', ks: null, power: null });
        return;
      }
      const ks = ksTwoSample(x, y);
      bins.push({ ...where, verdict: ks.pValue < alpha ? 'differs' : 'consistent', ks, power: ksPower(y, x.length, { alpha, power, draws, seed }) });
    });
  }
  return {
    layers,
    width,
    allRuns,
    alpha,
    power,
    draws,
    seed,
    gate,
    circular: { setup: [setupAll.filter(circular).length, setupAll.length], reference: [referenceAll.filter(circular).length, referenceAll.length] },
    ungated: { setup: ungatedRuns(setupAll, gate), reference: ungatedRuns(referenceAll, gate) },
    bins,
  };
}

function pct([k, n]: [number, number]): string {
  return n === 0 ? `${k}/${n}` : `${k}/${n} (${((100 * k) / n).toFixed(2)} %)`;
}

function formatP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** The report `clockpizza compare` prints. */
export function formatComparison(c: PopulationComparison, setupName: string, referenceName: string): string {
  const tested = c.bins.filter((b) => b.ks !== null).length;
  const out: string[] = [];
  out.push(`setup:     ${setupName}`);
  out.push(`reference: ${referenceName}`);
  out.push(`runs: ${c.layers} layer${c.layers === 1 ? '' : 's'}, width ${c.width}, diff_vocab = eqn_sign = 0, circularity present; ${c.allRuns ? 'all runs' : `circular runs only (${gateText(c.gate)})`}`);
  out.push(`circular: setup ${pct(c.circular.setup)}, reference ${pct(c.circular.reference)}`);
  if (!c.allRuns) {
    if (c.ungated.setup > 0) out.push(`note: setup: ${ungatedNote(c.ungated.setup, c.circular.setup[1], c.gate)}`);
    if (c.ungated.reference > 0) out.push(`note: reference: ${ungatedNote(c.ungated.reference, c.circular.reference[1], c.gate)}`);
  }
  out.push(
    `test: two-sample Kolmogorov–Smirnov, two-sided, per α bin of ${BIN_WIDTH}; exact p-value (lattice-path count) when n·m ≤ ${EXACT_LIMIT.toLocaleString('en')}, else the asymptotic Kolmogorov distribution; "differs" at p < ${c.alpha}` +
      (tested > 1 ? ` (${tested} tests: Bonferroni level ${Number((c.alpha / tested).toPrecision(2))})` : ''),
  );
  out.push(
    `power: D_crit = the smallest ECDF distance the test flags at ${c.alpha} for these n and m (same method as the p-value); shift = the smallest location shift of the reference bin detected with ${Math.round(c.power * 100)} % power (Monte Carlo: ${c.draws} resamples of the reference bin at sizes n and m, seed ${c.seed}); "—": the samples are too small to ever reach p < ${c.alpha}`,
  );
  for (const metric of COMPARED_METRICS) {
    out.push('');
    out.push(METRIC_LABELS[metric]);
    out.push('  α bin          n      m       D   p-value  D_crit    shift  result');
    for (const b of c.bins.filter((x) => x.metric === metric)) {
      const bin = binLabel(b.lo, b.hi);
      const counts = `${String(b.n).padStart(5)}  ${String(b.m).padStart(5)}`;
      if (b.ks === null || b.power === null) {
        out.push(`  ${bin}  ${counts}  ${'—'.padStart(6)}  ${'—'.padStart(8)}  ${'—'.padStart(6)}  ${'—'.padStart(7)}  insufficient data (< 2 runs)`);
        continue;
      }
      const dCrit = b.power.dCritical === null ? '—' : b.power.dCritical.toFixed(3);
      const shift = b.power.detectableShift === null ? '—' : b.power.detectableShift.toPrecision(2);
      const method = b.ks.method === 'asymptotic' ? ' (asymptotic)' : '';
      out.push(`  ${bin}  ${counts}  ${b.ks.d.toFixed(3).padStart(6)}  ${formatP(b.ks.pValue).padStart(8)}  ${dCrit.padStart(6)}  ${shift.padStart(7)}  ${b.verdict}${method}`);
    }
  }
  return out.join('\n');
}
