import { BoundedCache } from '../bounded-cache.js';
import { rootsOfUnity } from '../metrics/modular.js';
import { median } from '../stats/median.js';
import { ckaOfSides, ckaSide, type CkaSide } from './cka.js';
import { lineSpectra } from './line-spectra.js';
import { fitNeuron, type NeuronFit } from './neuron-fit.js';
import { circularSummary } from './phase.js';
import type { NeuronTable } from './pre-activations.js';
import { reference, REFERENCES, type ReferenceName } from './references.js';

/** Degree-1 R² a neuron needs to count as phase-aligned (its Δφ enters the pooled spread and the PAD). */
export const ALIGNED_R2 = 0.9;

export type CkaValues = Record<ReferenceName, number | null>;

/** The neurons sharing one frequency k. */
export interface NeuronCluster {
  frequency: number;
  count: number;
  medianR2Degree1: number;
  medianR2Degree2: number;
  /** Circular mean and spread (circular standard deviation, radians) of the cluster's Δφ. */
  deltaPhiMean: number;
  deltaPhiSpread: number | null;
  /** Linear CKA of the cluster's pre-activations (p² × count) with each reference at k. */
  cka: CkaValues;
}

export interface PerNeuron extends NeuronFit {
  neuron: number;
}

/** The `neurons` section of an audit report (issue 17; definitions in the files it names). */
export interface NeuronSection {
  /** Neurons of the first MLP layer, and how many of them are constant over all inputs (no fit). */
  neurons: number;
  constantNeurons: number;
  /** Weighted by cluster size: Σ count·CKA / Σ count over the clusters. */
  cka: CkaValues;
  /** CKA of the logits (p² × outputs) with the circle reference at all cluster frequencies together. */
  logitCka: { circle: number | null };
  /** Medians over the fitted (non-constant) neurons; null when there are none. */
  medianR2Degree1: number | null;
  medianR2Degree2: number | null;
  /** Neurons with degree-1 R² ≥ ALIGNED_R2, and the circular spread of their pooled Δφ. */
  alignedThreshold: number;
  alignedNeurons: number;
  deltaPhiSpread: number | null;
  clusters: NeuronCluster[];
  /** Every neuron's fit, in neuron order (audit --neurons). */
  perNeuron?: PerNeuron[];
}

export interface NeuronSectionOptions {
  perNeuron?: boolean;
}

export function neuronSection(table: NeuronTable, logits: Float64Array | null, options: NeuronSectionOptions = {}): NeuronSection {
  const { p, neurons, data } = table;
  const n2 = p * p;
  const roots = rootsOfUnity(p);
  const column = (m: number): Float64Array => data.subarray(m * n2, (m + 1) * n2);
  const fits = Array.from({ length: neurons }, (_, m) => fitNeuron(lineSpectra(column(m), p, roots)));
  const byFrequency = new Map<number, number[]>();
  fits.forEach((f, m) => {
    if (f.frequency !== null) byFrequency.set(f.frequency, [...(byFrequency.get(f.frequency) ?? []), m]);
  });
  const clusters = [...byFrequency.keys()]
    .sort((a, b) => a - b)
    .map((k): NeuronCluster => {
      const members = byFrequency.get(k)!;
      const mine = members.map((m) => fits[m]!);
      const phases = circularSummary(mine.map((f) => f.deltaPhi!));
      const side = ckaSide(members.map(column));
      const cka = Object.fromEntries(REFERENCES.map((r) => [r, ckaOfSides(side, referenceSide(r, p, k))])) as CkaValues;
      return {
        frequency: k,
        count: members.length,
        medianR2Degree1: median(mine.map((f) => f.r2Degree1!)),
        medianR2Degree2: median(mine.map((f) => f.r2Degree2!)),
        deltaPhiMean: phases.mean,
        deltaPhiSpread: phases.spread,
        cka,
      };
    });
  const fitted = fits.filter((f) => f.frequency !== null);
  const aligned = fitted.filter((f) => f.r2Degree1! >= ALIGNED_R2);
  const section: NeuronSection = {
    neurons,
    constantNeurons: neurons - fitted.length,
    cka: Object.fromEntries(REFERENCES.map((r) => [r, weightedMean(clusters, r)])) as CkaValues,
    logitCka: { circle: logits === null || clusters.length === 0 ? null : logitCircleCka(logits, p, clusters.map((c) => c.frequency)) },
    medianR2Degree1: fitted.length === 0 ? null : median(fitted.map((f) => f.r2Degree1!)),
    medianR2Degree2: fitted.length === 0 ? null : median(fitted.map((f) => f.r2Degree2!)),
    alignedThreshold: ALIGNED_R2,
    alignedNeurons: aligned.length,
    deltaPhiSpread: aligned.length === 0 ? null : circularSummary(aligned.map((f) => f.deltaPhi!)).spread,
    clusters,
  };
  if (options.perNeuron === true) section.perNeuron = fits.map((f, neuron) => ({ neuron, ...f }));
  return section;
}

/**
 * The references' CKA sides by (reference, p, k): the same for every network, so a population
 * makes each once per process (≈ 0.4 MB each at p = 113).
 */
const referenceSides = new BoundedCache<CkaSide>(64);

function referenceSide(name: ReferenceName, p: number, k: number): CkaSide {
  return referenceSides.get(`${name}:${p}:${k}`, () => ckaSide(reference(name, p, k)));
}

function weightedMean(clusters: readonly NeuronCluster[], r: ReferenceName): number | null {
  let sum = 0;
  let weight = 0;
  for (const c of clusters) {
    const v = c.cka[r];
    if (v === null) continue;
    sum += c.count * v;
    weight += c.count;
  }
  return weight === 0 ? null : sum / weight;
}

/**
 * The logits' (p² × outputs, row a·p+b) linear CKA with the circle reference stacked over the
 * frequencies given: [cos k(a+b)·2π/p, sin k(a+b)·2π/p for each k].
 */
export function logitCircleCka(logits: Float64Array, p: number, frequencies: readonly number[]): number | null {
  const n2 = p * p;
  const outputs = logits.length / n2;
  const columns = Array.from({ length: outputs }, (_, c) => {
    const column = new Float64Array(n2);
    for (let i = 0; i < n2; i++) column[i] = logits[i * outputs + c]!;
    return column;
  });
  const circle = frequencies.flatMap((k) => reference('circle', p, k));
  return ckaOfSides(ckaSide(columns), ckaSide(circle));
}
