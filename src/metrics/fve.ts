/**
 * Logit FVE of a template (METRICS.md §4): z-score the logits Q[a,b,c] (c < p) and the template
 * over all p³ entries, then 1 − Var(y − t)/Var(y) — which equals 2ρ − 1, so an unrelated
 * template scores about −1. `template` is indexed (a·p + b)·p + c. Null if either is constant.
 */
export function logitFve(logits: Float64Array, nOutputs: number, template: Float64Array, p: number): number | null {
  const t = standardisedTemplate(template, p);
  const y = standardisedLogits(logits, nOutputs, p);
  return y === null || t === null ? null : fveOfStandardised(y, t);
}

/**
 * The z-scored correct-range logits Q[a,b,c] (c < p), index (a·p + b)·p + c; null if constant.
 * Fitting many templates to one network: standardise its logits once (the audit's hot path).
 */
export function standardisedLogits(logits: Float64Array, nOutputs: number, p: number): Float64Array | null {
  if (logits.length !== p * p * nOutputs || nOutputs < p) throw new RangeError(`logitFve: expected ${p * p}×${nOutputs} logits`);
  const y = new Float64Array(p * p * p);
  // The copy adds up the mean's sum as it goes (zScore's first pass, in the same order).
  let sum = 0;
  for (let pair = 0, i = 0; pair < p * p; pair++) {
    for (let c = 0; c < p; c++, i++) {
      const v = logits[pair * nOutputs + c]!;
      y[i] = v;
      sum += v;
    }
  }
  return zScore(y, sum) ? y : null;
}

/** A z-scored copy of a p³ template (the template is left alone); null if constant. */
export function standardisedTemplate(template: Float64Array, p: number): Float64Array | null {
  const n = p * p * p;
  if (template.length !== n) throw new RangeError(`logitFve: template has ${template.length} entries, expected p³ = ${n}`);
  const t = template.slice();
  return zScore(t) ? t : null;
}

/**
 * 1 − Var(y − t)/Var(y) for z-scored `y` and `t` (of standardisedLogits and standardisedTemplate).
 * One pass: Var(y − t) = Σr²/n − (Σr/n)² with r = y − t, and no cancellation to fear, since both
 * are z-scored (Σr/n is 0 up to rounding while Σr²/n is of order 1).
 */
export function fveOfStandardised(y: Float64Array, t: Float64Array): number {
  const n = y.length;
  if (t.length !== n) throw new RangeError(`logitFve: template has ${t.length} entries, expected ${n}`);
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - t[i]!;
    sum += r;
    squares += r * r;
  }
  const mean = sum / n;
  return 1 - (squares / n - mean * mean); // Var(y) = 1 after z-scoring.
}

/** In-place (x − mean)/std (population); false if x is constant. `sum`: Σx when the caller has it. */
function zScore(x: Float64Array, sum?: number): boolean {
  let mean = 0;
  if (sum === undefined) for (let i = 0; i < x.length; i++) mean += x[i]!;
  else mean = sum;
  mean /= x.length;
  // The squares and the largest magnitude in one pass (two independent sums, each in order).
  let sq = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    sq += (v - mean) ** 2;
    scale = Math.max(scale, Math.abs(v));
  }
  const std = Math.sqrt(sq / x.length);
  if (std === 0 || std <= 1e-12 * scale) return false;
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! - mean) / std;
  return true;
}
