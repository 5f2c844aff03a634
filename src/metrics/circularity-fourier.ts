import { toFloat64, type TensorMap } from '../io/tensor.js';
import type { Matrix, Network } from '../model/network.js';
import { defineMetric } from './definition.js';
import { embeddingInput } from './inputs.js';
import { rootsOfUnity } from './modular.js';
import { symmetricEigenvalues } from './symmetric-eigenvalues.js';
import { defined, undefinedMetric, type MetricResult } from './types.js';

/**
 * `circularity.fourier@1` (issue 13): how much of an operand's embedding two Fourier planes hold,
 * against the most any four directions could hold. Exact definition (README, "Circularity
 * without PCA"):
 *
 * - Blocks: one per operand embedding table, p rows (tokens 0..p−1) × d columns. Token rows
 *   0..p−1 of the embedding; a vocabulary of at least 2p rows (diff_vocab: b's token is b + p)
 *   adds rows p..2p−1 as b's block; a model with its own table for b (MLP type X,
 *   `embed2.weight`) adds that table. The `=` token of eqn_sign models is in no block.
 * - Centre each block's columns (mean over tokens); float64 throughout.
 * - Frequency k = 1..(p−1)/2 has the plane Q_k = √(2/p)·[cos(2πkt/p), sin(2πkt/p)] (p × 2,
 *   orthonormal columns, orthogonal to other planes and to the constant); energy_k = ‖Q_kᵀ E‖²_F.
 * - ratio = (sum of the 2 largest energies) / (sum of the 4 largest squared singular values of
 *   the centred block). Two orthonormal planes are one 4-dimensional projection, so by Ky Fan
 *   the ratio is ≤ 1; values above 1 by rounding are clipped.
 * - The metric is the smallest ratio over the blocks; each block also reports its ratio and its
 *   two frequencies (largest energy first, the smaller k on ties).
 *
 * Two circles of any amplitudes and directions score exactly 1 (their embedding lies in two
 * planes and has rank ≤ 4); rotations and scalings of the embedding space change neither
 * energies' ratio nor singular values' ratio; relabelling tokens t → u·t maps plane k to k·u⁻¹.
 */

export const circularityFourierMetric = defineMetric({
  key: 'circularityFourier',
  name: 'circularity.fourier',
  version: '1',
  title: 'circularity (Fourier planes)',
  meaning: "the smallest over the operands' embedding blocks of (energy in the block's two strongest Fourier planes) / (sum of its 4 largest squared singular values), centred, no PCA (README, Circularity without PCA)",
  range: '[0, 1]: 1 = the embedding is exactly two circles; random embeddings ≈ 0.47 at p = 59',
  needs: ['embedding', 'network'],
  compute: (context) => circularityFourierOf(operandBlocksOf(context.get(embeddingInput), context.network.p, context.network.parameters()), context.network.p),
  formatDetails: (details: FourierBlockReading[]) =>
    details.map((d) => `circularityFourier block ${d.operand} (${d.source}): ratio ${d.ratio === null ? 'undefined' : d.ratio.toFixed(6)}, frequencies ${d.frequencies.join(', ')}`),
  tolerance: { absolute: 1e-6 },
  // Not a result-row column: sweep files and the paper's CSV predate it.
  population: false,
});

/** One operand's token-embedding table. */
export interface EmbeddingBlock {
  /** 'a' or 'b' when the operands have their own tables, 'a,b' when they share one. */
  operand: 'a' | 'b' | 'a,b';
  /** Where the rows come from, e.g. "embedding rows 59..117" or "embed2.weight". */
  source: string;
  /** p × d. */
  matrix: Matrix;
}

/** What `circularity.fourier@1` says about one block. */
export interface FourierBlockReading {
  operand: EmbeddingBlock['operand'];
  source: string;
  /** null when the block has no variance (the ratio is 0/0). */
  ratio: number | null;
  /** The two frequencies of largest energy, largest first. */
  frequencies: [number, number];
}

export interface FourierCircularity {
  result: MetricResult;
  details: FourierBlockReading[];
}

/** The operand blocks of a network (see the definition above). */
export function operandBlocks(network: Network): EmbeddingBlock[] {
  return operandBlocksOf(network.embeddingMatrix(), network.p, network.parameters());
}

export function operandBlocksOf(embedding: Matrix, p: number, parameters: TensorMap): EmbeddingBlock[] {
  const rowsOf = (from: number): Matrix => ({ rows: p, cols: embedding.cols, data: embedding.data.slice(from * embedding.cols, (from + p) * embedding.cols) });
  if (embedding.rows < p) throw new RangeError(`operandBlocks: the embedding has ${embedding.rows} rows, fewer than p = ${p}`);
  if (embedding.rows >= 2 * p) {
    return [
      { operand: 'a', source: `embedding rows 0..${p - 1}`, matrix: rowsOf(0) },
      { operand: 'b', source: `embedding rows ${p}..${2 * p - 1}`, matrix: rowsOf(p) },
    ];
  }
  const second = parameters.get('embed2.weight');
  if (second !== undefined && second.shape.length === 2 && second.shape[0]! >= p) {
    const cols = second.shape[1]!;
    return [
      { operand: 'a', source: `embedding rows 0..${p - 1}`, matrix: rowsOf(0) },
      { operand: 'b', source: 'embed2.weight', matrix: { rows: p, cols, data: toFloat64(second).slice(0, p * cols) } },
    ];
  }
  return [{ operand: 'a,b', source: `embedding rows 0..${p - 1}`, matrix: rowsOf(0) }];
}

/** A centred copy of the first p rows. */
function centred(block: Matrix, p: number): Float64Array {
  const { cols, data } = block;
  const mean = new Float64Array(cols);
  for (let t = 0; t < p; t++) for (let c = 0; c < cols; c++) mean[c]! += data[t * cols + c]!;
  for (let c = 0; c < cols; c++) mean[c]! /= p;
  const out = new Float64Array(p * cols);
  for (let t = 0; t < p; t++) for (let c = 0; c < cols; c++) out[t * cols + c] = data[t * cols + c]! - mean[c]!;
  return out;
}

/** energy[k−1] = ‖Q_kᵀ X‖²_F for k = 1..(p−1)/2, X centred p × cols. */
export function planeEnergies(x: Float64Array, p: number, cols: number): Float64Array {
  const half = (p - 1) >> 1;
  const { cos, sin } = rootsOfUnity(p);
  const energy = new Float64Array(half);
  const re = new Float64Array(cols);
  const im = new Float64Array(cols);
  for (let k = 1; k <= half; k++) {
    re.fill(0);
    im.fill(0);
    for (let t = 0; t < p; t++) {
      const ct = cos[(k * t) % p]!;
      const st = sin[(k * t) % p]!;
      const row = t * cols;
      for (let c = 0; c < cols; c++) {
        re[c]! += ct * x[row + c]!;
        im[c]! += st * x[row + c]!;
      }
    }
    let e = 0;
    for (let c = 0; c < cols; c++) e += re[c]! * re[c]! + im[c]! * im[c]!;
    energy[k - 1] = (2 / p) * e;
  }
  return energy;
}

/** Sum of the 4 largest squared singular values of X (p × cols): eigenvalues of the smaller Gram matrix. */
function topFourSquaredSingularValues(x: Float64Array, p: number, cols: number): number {
  const n = Math.min(p, cols);
  const gram = new Float64Array(n * n);
  if (cols <= p) {
    for (let t = 0; t < p; t++) {
      const row = t * cols;
      for (let i = 0; i < cols; i++) for (let j = 0; j <= i; j++) gram[i * n + j]! += x[row + i]! * x[row + j]!;
    }
  } else {
    for (let s = 0; s < p; s++) {
      for (let t = 0; t <= s; t++) {
        let d = 0;
        for (let c = 0; c < cols; c++) d += x[s * cols + c]! * x[t * cols + c]!;
        gram[s * n + t] = d;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[j * n + i] = gram[i * n + j]!;
  const eigenvalues = symmetricEigenvalues(gram, n);
  let sum = 0;
  for (let i = 0; i < Math.min(4, n); i++) sum += Math.max(0, eigenvalues[i]!);
  return sum;
}

/** One block's ratio and two frequencies. */
export function blockReading(block: EmbeddingBlock, p: number): FourierBlockReading {
  if (p < 5) throw new RangeError(`circularity.fourier@1 needs p ≥ 5 (two frequency planes), got p = ${p}`);
  const { cols } = block.matrix;
  const x = centred(block.matrix, p);
  const energy = planeEnergies(x, p, cols);
  let first = 0;
  for (let k = 1; k < energy.length; k++) if (energy[k]! > energy[first]!) first = k;
  let second = first === 0 ? 1 : 0;
  for (let k = 0; k < energy.length; k++) if (k !== first && energy[k]! > energy[second]!) second = k;
  const frequencies: [number, number] = [first + 1, second + 1];
  const denominator = topFourSquaredSingularValues(x, p, cols);
  // A constant block centres to rounding (~1e-32 of its square): no variance, no ratio.
  let raw = 0;
  for (let i = 0; i < p * cols; i++) raw += block.matrix.data[i]! * block.matrix.data[i]!;
  const ratio = denominator > 1e-24 * raw && denominator > 0 ? Math.min(1, Math.max(0, (energy[first]! + energy[second]!) / denominator)) : null;
  return { operand: block.operand, source: block.source, ratio, frequencies };
}

/** The smallest block ratio, with every block's reading. */
export function circularityFourierOf(blocks: readonly EmbeddingBlock[], p: number): FourierCircularity {
  const details = blocks.map((b) => blockReading(b, p));
  const flat = details.find((d) => d.ratio === null);
  if (flat !== undefined) {
    return { result: undefinedMetric(circularityFourierMetric.id, 'other', `the ${flat.source} block has no variance, its ratio is 0/0`), details };
  }
  return { result: defined(circularityFourierMetric.id, Math.min(...details.map((d) => d.ratio!))), details };
}

export function circularityFourier(network: Network): FourierCircularity {
  return circularityFourierOf(operandBlocks(network), network.p);
}
