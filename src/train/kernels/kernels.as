// Per-example kernels of the factorised training step, in AssemblyScript (compiled to
// WebAssembly SIMD by build.mjs; the module owns its memory, JS addresses it by byte offset).
// Rows are float32 and their width is a multiple of 4, so every row loop is whole f32x4 lanes.

export function heapBase(): usize {
  return __heap_base;
}

// y += a·x over w floats.
@inline function axpy(y: usize, x: usize, a: f32, w: i32): void {
  const av = f32x4.splat(a);
  const end = y + (<usize>w << 2);
  while (y < end) {
    v128.store(y, f32x4.add(v128.load(y), f32x4.mul(av, v128.load(x))));
    y += 16;
    x += 16;
  }
}

@inline function dot(x: usize, y: usize, w: i32): f32 {
  let acc = f32x4.splat(0);
  const end = x + (<usize>w << 2);
  while (x < end) {
    acc = f32x4.add(acc, f32x4.mul(v128.load(x), v128.load(y)));
    x += 16;
    y += 16;
  }
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
}

@inline function zero(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n << 2);
}

// erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): the formula TensorFlow.js uses, so the
// straightforward step (tf.erf) and this kernel compute the same GeLU.
@inline function erfAS(x: f32): f32 {
  const s: f32 = x < 0 ? -1 : 1;
  const ax = Mathf.abs(x);
  const t: f32 = 1.0 / (1.0 + 0.3275911 * ax);
  const y: f32 = 1.0 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Mathf.exp(-ax * ax);
  return s * y;
}

const SQRT1_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

/**
 * row = T[b] + Σ_h A0[n,h]·T[(1+h)·v + a] + A1[n,h]·T[(1+H+h)·v + b] + bias, for each example;
 * its first dm columns are the MLP pre-activation (kept in pre) and leave through the activation
 * (0 ReLU, 1 GeLU) into hidden (n × dm); the other lw = w − dm columns are the residual stream's
 * share of the logits, written to res (n × lw). A0/A1 tables are indexed (a·p + b)·H + h.
 */
export function gatherHidden(
  t: usize, w: i32, dm: i32, v: i32, heads: i32,
  a0: usize, a1: usize, ia: usize, ib: usize, n: i32, p: i32,
  bias: usize, act: i32, pre: usize, hidden: usize, res: usize, row: usize,
): void {
  const rowBytes = <usize>w << 2;
  const dmBytes = <usize>dm << 2;
  const lwBytes = rowBytes - dmBytes;
  for (let e = 0; e < n; e++) {
    const a = load<i32>(ia + (<usize>e << 2));
    const b = load<i32>(ib + (<usize>e << 2));
    const pr = <usize>((a * p + b) * heads) << 2;
    let y = row;
    let x = t + <usize>b * rowBytes;
    let c = bias;
    const end = row + rowBytes;
    while (y < end) {
      v128.store(y, f32x4.add(v128.load(x), v128.load(c)));
      y += 16;
      x += 16;
      c += 16;
    }
    for (let h = 0; h < heads; h++) {
      const hp = pr + (<usize>h << 2);
      axpy(row, t + <usize>((1 + h) * v + a) * rowBytes, load<f32>(a0 + hp), w);
      axpy(row, t + <usize>((1 + heads + h) * v + b) * rowBytes, load<f32>(a1 + hp), w);
    }
    const preRow = pre + <usize>e * dmBytes;
    const hRow = hidden + <usize>e * dmBytes;
    memory.copy(preRow, row, dmBytes);
    memory.copy(res + <usize>e * lwBytes, row + dmBytes, lwBytes);
    if (act == 0) {
      const z = f32x4.splat(0);
      for (let j: usize = 0; j < dmBytes; j += 16) v128.store(hRow + j, f32x4.max(v128.load(row + j), z));
    } else {
      for (let j: usize = 0; j < dmBytes; j += 4) {
        const u = load<f32>(row + j);
        store<f32>(hRow + j, 0.5 * u * (1.0 + erfAS(u * SQRT1_2)));
      }
    }
  }
}

/**
 * The adjoint of gatherHidden: from dHidden (n × dm) and dRes (n × lw) it writes dT (9 blocks
 * of v rows), dA0/dA1 (per pair and head; pairs not in the batch stay 0) and dBias, using
 * scratch (w floats).
 */
export function scatterHidden(
  t: usize, w: i32, dm: i32, v: i32, heads: i32,
  a0: usize, a1: usize, ia: usize, ib: usize, n: i32, p: i32,
  act: i32, pre: usize, dhidden: usize, dres: usize,
  dt: usize, da0: usize, da1: usize, dbias: usize, scratch: usize,
): void {
  const rowBytes = <usize>w << 2;
  const dmBytes = <usize>dm << 2;
  const lwBytes = rowBytes - dmBytes;
  zero(dt, (1 + 2 * heads) * v * w);
  zero(da0, p * p * heads);
  zero(da1, p * p * heads);
  zero(dbias, w);
  for (let e = 0; e < n; e++) {
    const a = load<i32>(ia + (<usize>e << 2));
    const b = load<i32>(ib + (<usize>e << 2));
    const pr = <usize>((a * p + b) * heads) << 2;
    const row = dhidden + <usize>e * dmBytes;
    const preRow = pre + <usize>e * dmBytes;
    if (act == 0) {
      const z = f32x4.splat(0);
      for (let j: usize = 0; j < dmBytes; j += 16) {
        v128.store(scratch + j, v128.bitselect(v128.load(row + j), z, f32x4.gt(v128.load(preRow + j), z)));
      }
    } else {
      for (let j: usize = 0; j < dmBytes; j += 4) {
        const u = load<f32>(preRow + j);
        const phi: f32 = 0.5 * (1.0 + erfAS(u * SQRT1_2));
        const dens: f32 = INV_SQRT_2PI * Mathf.exp(-0.5 * u * u);
        store<f32>(scratch + j, load<f32>(row + j) * (phi + u * dens));
      }
    }
    memory.copy(scratch + dmBytes, dres + <usize>e * lwBytes, lwBytes);
    axpy(dbias, scratch, 1, w);
    axpy(dt + <usize>b * rowBytes, scratch, 1, w);
    for (let h = 0; h < heads; h++) {
      const hp = pr + (<usize>h << 2);
      const r0 = <usize>((1 + h) * v + a) * rowBytes;
      const r1 = <usize>((1 + heads + h) * v + b) * rowBytes;
      store<f32>(da0 + hp, dot(scratch, t + r0, w));
      axpy(dt + r0, scratch, load<f32>(a0 + hp), w);
      store<f32>(da1 + hp, dot(scratch, t + r1, w));
      axpy(dt + r1, scratch, load<f32>(a1 + hp), w);
    }
  }
}

/**
 * Mean cross-entropy in float64 of float32 logits (n rows of v, row stride ld), plus (when
 * extra ≠ 0) a float32 addend of row stride extraLd summed in float32 first, against labels;
 * stats[0] += Σ loss, stats[1] += #(argmax = label). When grad ≠ 0 it receives (row stride
 * gradLd) (softmax − onehot)·scale rounded to float32, as PyTorch's float64 loss hands back.
 */
export function softmaxCrossEntropy(logits: usize, ld: i32, v: i32, extra: usize, extraLd: i32, labels: usize, n: i32, scale: f64, grad: usize, gradLd: i32, stats: usize): void {
  let lossSum: f64 = 0;
  let correct: f64 = 0;
  for (let e = 0; e < n; e++) {
    const row = logits + (<usize>(e * ld) << 2);
    const add = extra + (<usize>(e * extraLd) << 2);
    const label = load<i32>(labels + (<usize>e << 2));
    let mx: f64 = -Infinity;
    let arg = 0;
    for (let j = 0; j < v; j++) {
      let x32 = load<f32>(row + (<usize>j << 2));
      if (extra != 0) x32 += load<f32>(add + (<usize>j << 2));
      store<f32>(row + (<usize>j << 2), x32);
      const x = <f64>x32;
      if (x > mx) {
        mx = x;
        arg = j;
      }
    }
    let sum: f64 = 0;
    for (let j = 0; j < v; j++) sum += Math.exp(<f64>load<f32>(row + (<usize>j << 2)) - mx);
    const lse = mx + Math.log(sum);
    lossSum += lse - <f64>load<f32>(row + (<usize>label << 2));
    if (arg == label) correct += 1;
    if (grad != 0) {
      const g = grad + (<usize>(e * gradLd) << 2);
      for (let j = 0; j < v; j++) {
        let s = Math.exp(<f64>load<f32>(row + (<usize>j << 2)) - lse);
        if (j == label) s -= 1;
        store<f32>(g + (<usize>j << 2), <f32>(s * scale));
      }
    }
  }
  store<f64>(stats, load<f64>(stats) + lossSum);
  store<f64>(stats + 8, load<f64>(stats + 8) + correct);
}

/**
 * One AdamW update of n float32 values (n a multiple of 4), in float32 as PyTorch's CPU kernels
 * compute it (scalars rounded to float32): p ← p·decay; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
 * p ← p − stepSize · m / (√v / √(1−β₂ᵗ) + ε).
 */
export function adamwStep(p: usize, g: usize, m: usize, v: usize, n: i32, decay: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32, bc2Sqrt: f32, eps: f32, stepSize: f32): void {
  const dv = f32x4.splat(decay);
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const bc = f32x4.splat(bc2Sqrt);
  const ep = f32x4.splat(eps);
  const ss = f32x4.splat(stepSize);
  const end = p + (<usize>n << 2);
  while (p < end) {
    const gi = v128.load(g);
    const pi = f32x4.mul(v128.load(p), dv);
    const mi = f32x4.add(f32x4.mul(v128.load(m), b1), f32x4.mul(gi, c1));
    const vi = f32x4.add(f32x4.mul(v128.load(v), b2), f32x4.mul(f32x4.mul(gi, gi), c2));
    v128.store(m, mi);
    v128.store(v, vi);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bc), ep);
    v128.store(p, f32x4.sub(pi, f32x4.mul(ss, f32x4.div(mi, denom))));
    p += 16;
    g += 16;
    m += 16;
    v += 16;
  }
}
