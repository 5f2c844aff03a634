import { ClockpizzaError } from '../errors.js';
import type { Matrix, Network, Triple } from '../model/network.js';
import { checkFrequencies, type CompiledAlgorithm } from './compile.js';

export interface OracleOptions {
  /** Weight of each frequency's logit term (default 1 each). */
  amplitudes?: readonly number[];
  /** Radius of each frequency's circle in the embedding (default 1 each); distinct radii make PCA separate the circles. */
  radii?: readonly number[];
}

/**
 * The ideal network of an algorithm spec: the embedding is circle coordinates, columns
 * (2i, 2i+1) = r_i·(cos 2πk_i t/p, sin 2πk_i t/p), and Q[a,b,c] = Σ_i amp_i·logit(row_a/r_i,
 * row_b/r_i, c, w_i) read off the embedding rows — so a replaced embedding (circle isolation)
 * changes the logits the way it would in a real network. No parameters.
 */
export function oracleNetwork(
  algorithm: CompiledAlgorithm,
  p: number,
  frequencies: readonly number[],
  options: OracleOptions = {},
): Network {
  const amplitudes = options.amplitudes ?? frequencies.map(() => 1);
  const radii = options.radii ?? frequencies.map(() => 1);
  checkFrequencies(p, frequencies, amplitudes);
  if (radii.length !== frequencies.length || radii.some((r) => !(r > 0))) {
    throw new ClockpizzaError(`need ${frequencies.length} positive radii`, { field: 'radii' });
  }
  return new OracleNetwork(algorithm, p, [...frequencies], [...amplitudes], [...radii], circleEmbedding(p, frequencies, radii));
}

/** p × 2|K| matrix of circle coordinates with the given radii. */
export function circleEmbedding(p: number, frequencies: readonly number[], radii: readonly number[] = frequencies.map(() => 1)): Matrix {
  const cols = 2 * frequencies.length;
  const data = new Float64Array(p * cols);
  for (let t = 0; t < p; t++) {
    frequencies.forEach((k, i) => {
      const angle = (2 * Math.PI * k * t) / p;
      data[t * cols + 2 * i] = radii[i]! * Math.cos(angle);
      data[t * cols + 2 * i + 1] = radii[i]! * Math.sin(angle);
    });
  }
  return { rows: p, cols, data };
}

class OracleNetwork implements Network {
  readonly nOutputs: number;
  readonly description: string;
  private readonly outputW: number[];

  constructor(
    readonly algorithm: CompiledAlgorithm,
    readonly p: number,
    readonly frequencies: number[],
    readonly amplitudes: number[],
    readonly radii: number[],
    private readonly embedding: Matrix,
  ) {
    this.nOutputs = p;
    this.outputW = frequencies.map((k) => algorithm.outputAngularFrequency(k, p));
    const amps = amplitudes.every((a) => a === 1) ? '' : ` amp={${amplitudes.join(',')}}`;
    this.description = `oracle ${algorithm.spec.name} p=${p} k={${frequencies.join(',')}}${amps}`;
  }

  embeddingMatrix(): Matrix {
    return { rows: this.embedding.rows, cols: this.embedding.cols, data: this.embedding.data.slice() };
  }

  allLogits(): Float64Array {
    const { p } = this;
    const out = new Float64Array(p * p * p);
    const cols = this.embedding.cols;
    const e = this.embedding.data;
    for (let i = 0; i < this.frequencies.length; i++) {
      const amp = this.amplitudes[i]!;
      const r = this.radii[i]!;
      const w = this.outputW[i]!;
      const logit = this.algorithm.logit;
      for (let a = 0; a < p; a++) {
        const ca = e[a * cols + 2 * i]! / r;
        const sa = e[a * cols + 2 * i + 1]! / r;
        for (let b = 0; b < p; b++) {
          const cb = e[b * cols + 2 * i]! / r;
          const sb = e[b * cols + 2 * i + 1]! / r;
          const row = (a * p + b) * p;
          for (let c = 0; c < p; c++) out[row + c]! += amp * logit(ca, sa, cb, sb, c, w);
        }
      }
    }
    return out;
  }

  embeddingGradients(triples: readonly Triple[]): { ga: Float64Array[]; gb: Float64Array[] } {
    const cols = this.embedding.cols;
    const e = this.embedding.data;
    const partial = new Float64Array(4);
    const ga: Float64Array[] = [];
    const gb: Float64Array[] = [];
    for (const [a, b, c] of triples) {
      this.checkTriple(a, b, c);
      const gA = new Float64Array(cols);
      const gB = new Float64Array(cols);
      for (let i = 0; i < this.frequencies.length; i++) {
        const r = this.radii[i]!;
        const ca = e[a * cols + 2 * i]! / r;
        const sa = e[a * cols + 2 * i + 1]! / r;
        const cb = e[b * cols + 2 * i]! / r;
        const sb = e[b * cols + 2 * i + 1]! / r;
        this.algorithm.gradient(ca, sa, cb, sb, c, this.outputW[i]!, partial);
        // The coordinates are embedding/r: chain rule multiplies by amp/r.
        const scale = this.amplitudes[i]! / r;
        gA[2 * i] = scale * partial[0]!;
        gA[2 * i + 1] = scale * partial[1]!;
        gB[2 * i] = scale * partial[2]!;
        gB[2 * i + 1] = scale * partial[3]!;
      }
      ga.push(gA);
      gb.push(gB);
    }
    return { ga, gb };
  }

  withEmbedding(embedding: Matrix): Network {
    if (embedding.rows !== this.embedding.rows || embedding.cols !== this.embedding.cols) {
      throw new ClockpizzaError(
        `embedding must be ${this.embedding.rows}×${this.embedding.cols}, got ${embedding.rows}×${embedding.cols}`,
        { field: 'embedding' },
      );
    }
    const copy = { rows: embedding.rows, cols: embedding.cols, data: Float64Array.from(embedding.data) };
    return new OracleNetwork(this.algorithm, this.p, this.frequencies, this.amplitudes, this.radii, copy);
  }

  parameters() {
    return new Map();
  }

  private checkTriple(a: number, b: number, c: number): void {
    const ok = (x: number) => Number.isInteger(x) && x >= 0 && x < this.p;
    if (!ok(a) || !ok(b) || !ok(c)) {
      throw new ClockpizzaError(`triple (${a}, ${b}, ${c}) is outside 0..${this.p - 1}`, { field: 'triples' });
    }
  }
}
