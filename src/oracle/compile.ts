import { ClockpizzaError } from '../errors.js';
import { compileNode, differentiate, parseExpression } from './expression.js';
import { algorithmsDir, loadAlgorithmSpec, loadAlgorithmSpecs, type AlgorithmSpec } from './spec-file.js';
import { join } from 'node:path';

/** Variables of `logit`, in the order the compiled functions take them. */
export const LOGIT_VARIABLES = ['ca', 'sa', 'cb', 'sb', 'c', 'w'] as const;
/** Variables of `tokenForm` and of `meanOf` predictions. */
export const TOKEN_VARIABLES = ['a', 'b', 'c', 'w'] as const;

type Logit = (ca: number, sa: number, cb: number, sb: number, c: number, w: number) => number;

/** A spec compiled once into plain functions. */
export interface CompiledAlgorithm {
  readonly spec: AlgorithmSpec;
  /** The file it came from (for messages). */
  readonly file: string | undefined;
  /** The logit of output c given the inputs' circle coordinates; w is the output's angular frequency. */
  readonly logit: Logit;
  /** ∂logit/∂(ca, sa, cb, sb), written into out[offset..offset+3]. */
  gradient(ca: number, sa: number, cb: number, sb: number, c: number, w: number, out: Float64Array, offset?: number): void;
  /** The token-level form: a function of the integers a, b, c and w. */
  readonly tokenForm: (a: number, b: number, c: number, w: number) => number;
  /** Compiled `meanOf` predictions of the signature, by metric: functions of a, b, c, w. */
  readonly meanOf: Partial<Record<keyof AlgorithmSpec['signature'], (a: number, b: number, c: number, w: number) => number>>;
  /** The output's angular frequency w for a circle of frequency k (halved for accompanying circles). */
  outputAngularFrequency(k: number, p: number): number;
}

/** Compiles a spec; an unknown variable, syntax error or non-compiling formula names the file and field. */
export function compileAlgorithm(spec: AlgorithmSpec, file?: string): CompiledAlgorithm {
  const at = (field: string) => (file === undefined ? { field } : { file, field });
  const logitNode = parseExpression(spec.logit, LOGIT_VARIABLES, at('/logit'));
  const logit = compileNode(logitNode, LOGIT_VARIABLES, at('/logit')) as Logit;
  const partials = (['ca', 'sa', 'cb', 'sb'] as const).map(
    (v) => compileNode(differentiate(logitNode, v, at('/logit')), LOGIT_VARIABLES, at('/logit')) as Logit,
  );
  const tokenNode = parseExpression(spec.tokenForm, TOKEN_VARIABLES, at('/tokenForm'));
  const tokenForm = compileNode(tokenNode, TOKEN_VARIABLES, at('/tokenForm')) as CompiledAlgorithm['tokenForm'];
  const meanOf: CompiledAlgorithm['meanOf'] = {};
  for (const [metric, prediction] of Object.entries(spec.signature)) {
    if (prediction?.meanOf !== undefined) {
      const field = `/signature/${metric}/meanOf`;
      const node = parseExpression(prediction.meanOf, TOKEN_VARIABLES, at(field));
      meanOf[metric as keyof AlgorithmSpec['signature']] = compileNode(node, TOKEN_VARIABLES, at(field)) as CompiledAlgorithm['tokenForm'];
    }
  }
  // A formula that compiles but cannot be evaluated (e.g. it always yields NaN) is caught here,
  // at a generic point where every template is finite.
  const probe = [0.6, 0.8, -0.28, 0.96, 3, 0.7] as const;
  if (!Number.isFinite(logit(...probe))) {
    throw new ClockpizzaError('evaluates to a non-finite number at a generic point', at('/logit'));
  }
  const [dca, dsa, dcb, dsb] = partials as [Logit, Logit, Logit, Logit];
  return {
    spec,
    file,
    logit,
    gradient(ca, sa, cb, sb, c, w, out, offset = 0) {
      out[offset] = dca(ca, sa, cb, sb, c, w);
      out[offset + 1] = dsa(ca, sa, cb, sb, c, w);
      out[offset + 2] = dcb(ca, sa, cb, sb, c, w);
      out[offset + 3] = dsb(ca, sa, cb, sb, c, w);
    },
    tokenForm,
    meanOf,
    outputAngularFrequency(k, p) {
      return (2 * Math.PI * baseFrequency(spec, k, p)) / p;
    },
  };
}

/** The frequency of the output term: k itself, or k·2⁻¹ mod p for 'half-of-circle' specs. */
export function baseFrequency(spec: Pick<AlgorithmSpec, 'frequency'>, k: number, p: number): number {
  if (spec.frequency === 'circle') return k;
  const inverseOfTwo = (p + 1) / 2; // p odd
  return (k * inverseOfTwo) % p;
}

/** Compiled spec by name from spec/algorithms/ (or `dir`). */
export function algorithm(name: string, dir: string = algorithmsDir()): CompiledAlgorithm {
  const file = join(dir, `${name}.json`);
  return compileAlgorithm(loadAlgorithmSpec(file), file);
}

/** Every spec in spec/algorithms/ (or `dir`), compiled. */
export function allAlgorithms(dir: string = algorithmsDir()): CompiledAlgorithm[] {
  return loadAlgorithmSpecs(dir).map(({ file, spec }) => compileAlgorithm(spec, file));
}

/**
 * The template table T[(a·p+b)·p+c] = Σ_k amp_k · logit_k over circle frequencies k (the
 * circle's own frequency; accompanying specs halve it for the output term), as logit FVE takes it.
 */
export function templateTable(
  algorithm: CompiledAlgorithm,
  p: number,
  frequencies: readonly number[],
  amplitudes: readonly number[] = frequencies.map(() => 1),
): Float64Array {
  checkFrequencies(p, frequencies, amplitudes);
  const table = new Float64Array(p * p * p);
  for (let f = 0; f < frequencies.length; f++) {
    const k = frequencies[f]!;
    const amp = amplitudes[f]!;
    const w = algorithm.outputAngularFrequency(k, p);
    const theta = (2 * Math.PI * k) / p;
    for (let a = 0; a < p; a++) {
      const ca = Math.cos(theta * a);
      const sa = Math.sin(theta * a);
      for (let b = 0; b < p; b++) {
        const cb = Math.cos(theta * b);
        const sb = Math.sin(theta * b);
        const row = (a * p + b) * p;
        for (let c = 0; c < p; c++) table[row + c]! += amp * algorithm.logit(ca, sa, cb, sb, c, w);
      }
    }
  }
  return table;
}

export function checkFrequencies(p: number, frequencies: readonly number[], amplitudes: readonly number[]): void {
  if (!Number.isInteger(p) || p < 3 || p % 2 === 0) throw new ClockpizzaError(`p must be an odd integer ≥ 3, got ${p}`, { field: 'p' });
  if (frequencies.length === 0) throw new ClockpizzaError('at least one frequency is needed', { field: 'frequencies' });
  if (amplitudes.length !== frequencies.length) {
    throw new ClockpizzaError(`${amplitudes.length} amplitudes for ${frequencies.length} frequencies`, { field: 'amplitudes' });
  }
  for (const k of frequencies) {
    if (!Number.isInteger(k) || k <= 0 || k >= p) {
      throw new ClockpizzaError(`frequency ${k} is not an integer in 1..${p - 1}`, { field: 'frequencies' });
    }
  }
}
