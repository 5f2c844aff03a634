// Per-example kernels of the factorised training step, in AssemblyScript (compiled to
// WebAssembly SIMD by build.mjs; the module owns its memory, JS addresses it by byte offset).
// Rows are float32 and their width is a multiple of 4, so every row loop is whole f32x4 lanes.

/** The logit matrix and its adjoint are stored in blocks of 20 columns: 80 bytes a row. */
const BLOCK_BYTES: usize = 80;

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

// row = (x + c) + y over rowBytes: the uniform-attention gather.
@inline function gather2(row: usize, x: usize, c: usize, y: usize, rowBytes: usize): void {
  for (let j: usize = 0; j < rowBytes; j += 16) {
    v128.store(row + j, f32x4.add(f32x4.add(v128.load(x + j), v128.load(c + j)), v128.load(y + j)));
  }
}

// The 4-head gather with the sum of each 4-float column kept in a register across its 9 rows,
// added in a fixed order (T[b] + bias, then head by head the A0 and the A1 term); one store per
// column instead of nine read-modify-writes.
@inline function gather9(row: usize, x: usize, c: usize, t: usize, rowBytes: usize, v: i32, a: i32, b: i32, a0: usize, a1: usize, headStride: usize): void {
  const r0 = t + <usize>(v + a) * rowBytes;
  const r1 = t + <usize>(2 * v + b) * rowBytes;
  const r2 = t + <usize>(3 * v + a) * rowBytes;
  const r3 = t + <usize>(4 * v + b) * rowBytes;
  const r4 = t + <usize>(5 * v + a) * rowBytes;
  const r5 = t + <usize>(6 * v + b) * rowBytes;
  const r6 = t + <usize>(7 * v + a) * rowBytes;
  const r7 = t + <usize>(8 * v + b) * rowBytes;
  const c0 = f32x4.splat(load<f32>(a0));
  const c1 = f32x4.splat(load<f32>(a1));
  const c2 = f32x4.splat(load<f32>(a0 + headStride));
  const c3 = f32x4.splat(load<f32>(a1 + headStride));
  const c4 = f32x4.splat(load<f32>(a0 + 2 * headStride));
  const c5 = f32x4.splat(load<f32>(a1 + 2 * headStride));
  const c6 = f32x4.splat(load<f32>(a0 + 3 * headStride));
  const c7 = f32x4.splat(load<f32>(a1 + 3 * headStride));
  for (let j: usize = 0; j < rowBytes; j += 16) {
    let s = f32x4.add(v128.load(x + j), v128.load(c + j));
    s = f32x4.add(s, f32x4.mul(c0, v128.load(r0 + j)));
    s = f32x4.add(s, f32x4.mul(c1, v128.load(r1 + j)));
    s = f32x4.add(s, f32x4.mul(c2, v128.load(r2 + j)));
    s = f32x4.add(s, f32x4.mul(c3, v128.load(r3 + j)));
    s = f32x4.add(s, f32x4.mul(c4, v128.load(r4 + j)));
    s = f32x4.add(s, f32x4.mul(c5, v128.load(r5 + j)));
    s = f32x4.add(s, f32x4.mul(c6, v128.load(r6 + j)));
    s = f32x4.add(s, f32x4.mul(c7, v128.load(r7 + j)));
    v128.store(row + j, s);
  }
}

const SQRT1_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

// One example's table row: row = T[b] + Σ_h A0[h,b,a]·T[(1+2h)·v + a] + A1[h,b,a]·T[(2+2h)·v + b]
// + bias over the reference's 4 heads (uniform: T[a] + bias + T[v + b]); the same code and
// order in the forward pass and in the adjoint's recomputation, so both see the same bits.
@inline function gatherRow(t: usize, w: i32, v: i32, a0: usize, a1: usize, a: i32, b: i32, p: i32, uniform: i32, bias: usize, row: usize): void {
  const rowBytes = <usize>w << 2;
  const pr = <usize>(b * p + a) << 2;
  const headStride = <usize>(p * p) << 2;
  if (uniform != 0) gather2(row, t + <usize>a * rowBytes, bias, t + <usize>(v + b) * rowBytes, rowBytes);
  else gather9(row, t + <usize>b * rowBytes, bias, t, rowBytes, v, a, b, a0 + pr, a1 + pr, headStride);
}

// hidden (dm) = act(row[0:dm]): 0 ReLU, 1 GeLU.
@inline function activate(row: usize, dm: i32, act: i32, hidden: usize): void {
  const dmBytes = <usize>dm << 2;
  if (act == 0) {
    const z = f32x4.splat(0);
    for (let j: usize = 0; j < dmBytes; j += 16) v128.store(hidden + j, f32x4.max(v128.load(row + j), z));
  } else {
    for (let j: usize = 0; j < dmBytes; j += 4) {
      const u = load<f32>(row + j);
      store<f32>(hidden + j, 0.5 * u * (1.0 + erfAS(u * SQRT1_2)));
    }
  }
}

/**
 * The test batch's logits (n × lw): for each example, its table row (gatherRow, into row: w
 * floats): the first dm columns are the MLP pre-activation and leave through the activation
 * (0 ReLU, 1 GeLU) into hidden (one row of dm floats, reused); the other lw = w − dm columns,
 * the residual stream's share of the logits, start the sums logits = res + hidden·m (m dm × lw,
 * lw a multiple of 20, in 20-column blocks: see rowTimesMatrix), formed while the row is in L1, skipping exact zeros of hidden (the
 * ReLU's) through the index list nz (dm ints). A0/A1 tables are indexed (h·p + b)·p + a.
 * lossAndAdjoint forms the training batch's logits the same way.
 */
export function gatherLogits(
  t: usize, w: i32, dm: i32, v: i32,
  a0: usize, a1: usize, ia: usize, ib: usize, n: i32, p: i32, uniform: i32,
  bias: usize, act: i32, hidden: usize, m: usize, logits: usize, nz: usize, row: usize,
): void {
  const rowBytes = <usize>w << 2;
  const dmBytes = <usize>dm << 2;
  const lwBytes = rowBytes - dmBytes;
  for (let e = 0; e < n; e++) {
    const a = load<i32>(ia + (<usize>e << 2));
    const b = load<i32>(ib + (<usize>e << 2));
    gatherRow(t, w, v, a0, a1, a, b, p, uniform, bias, row);
    activate(row, dm, act, hidden);
    const count = nonzeros(hidden, dm, nz);
    rowTimesMatrix(hidden, m, dm, w - dm, nz, count, row + dmBytes, logits + <usize>e * lwBytes);
  }
}

/**
 * The training batch in one pass per example: its table row and hidden layer (as gatherLogits
 * forms them), its logits (into logits: lw floats, reused), their float64 cross-entropy
 * (crossEntropyRow: stats[0] += loss, stats[1] += correct) and gradient (into dl: lw floats,
 * scaled by `scale`, entries below `floor` stored as 0), then the adjoint: ∂hidden = dl·mᵀ through
 * the activation's derivative, into dT (1 + 2H blocks of v rows; 2 when uniform), dA0/dA1 (per
 * head and pair; pairs not in the batch stay 0; untouched when uniform), dBias and
 * dM = hiddenᵀ·dl (dm × lw, in 20-column blocks like m). One example's loss and gradient depend
 * on its own logits only, so nothing is kept between examples: the row and hidden layer are
 * still in L1 when the adjoint needs them. scratch (w floats), nz (dm ints), part (4·dm floats) and ex (v float64s) are work
 * space.
 */
export function lossAndAdjoint(
  t: usize, w: i32, dm: i32, v: i32, heads: i32,
  a0: usize, a1: usize, ia: usize, ib: usize, labels: usize, n: i32, p: i32, uniform: i32,
  bias: usize, act: i32, row: usize, hidden: usize, m: usize, logits: usize, dl: usize,
  scale: f64, floor: f32, stats: usize, ex: usize,
  dt: usize, da0: usize, da1: usize, dbias: usize, dmm: usize, scratch: usize, nz: usize, part: usize,
): void {
  const rowBytes = <usize>w << 2;
  const dmBytes = <usize>dm << 2;
  const lwBytes = rowBytes - dmBytes;
  const lw = w - dm;
  zero(dt, (uniform != 0 ? 2 : 1 + 2 * heads) * v * w);
  if (uniform == 0) {
    zero(da0, p * p * heads);
    zero(da1, p * p * heads);
  }
  zero(dbias, w);
  zero(dmm, dm * lw);
  for (let e = 0; e < n; e++) {
    const a = load<i32>(ia + (<usize>e << 2));
    const b = load<i32>(ib + (<usize>e << 2));
    gatherRow(t, w, v, a0, a1, a, b, p, uniform, bias, row);
    activate(row, dm, act, hidden);
    let count = nonzeros(hidden, dm, nz);
    rowTimesMatrix(hidden, m, dm, lw, nz, count, row + dmBytes, logits);
    crossEntropyRow(logits, v, load<i32>(labels + (<usize>e << 2)), scale, dl, floor, stats, ex);
    // ReLU: the hidden units with pre > 0 are the only ones with a gradient or a share in ∂m;
    // GeLU: every unit has a gradient.
    if (act != 0) count = allIndices(dm, nz);
    zero(scratch, dm);
    adjoints(m, dmm, dm, lw, hidden, dl, nz, count, scratch, part);
    if (act != 0) {
      // (row's first dm floats are the pre-activations)
      for (let j: usize = 0; j < dmBytes; j += 4) {
        const u = load<f32>(row + j);
        const phi: f32 = 0.5 * (1.0 + erfAS(u * SQRT1_2));
        const dens: f32 = INV_SQRT_2PI * Mathf.exp(-0.5 * u * u);
        store<f32>(scratch + j, load<f32>(scratch + j) * (phi + u * dens));
      }
    }
    memory.copy(scratch + dmBytes, dl, lwBytes);
    if (uniform != 0) {
      axpy(dt + <usize>a * rowBytes, scratch, 1, w);
      axpy(dt + <usize>(v + b) * rowBytes, scratch, 1, w);
      continue;
    }
    axpy(dt + <usize>b * rowBytes, scratch, 1, w);
    const pr = <usize>(b * p + a) << 2;
    const headStride = <usize>(p * p) << 2;
    for (let h = 0; h < heads; h++) {
      const hp = pr + <usize>h * headStride;
      const r0 = <usize>((1 + 2 * h) * v + a) * rowBytes;
      const r1 = <usize>((2 + 2 * h) * v + b) * rowBytes;
      store<f32>(da0 + hp, dotAxpy(scratch, t + r0, dt + r0, load<f32>(a0 + hp), w));
      store<f32>(da1 + hp, dotAxpy(scratch, t + r1, dt + r1, load<f32>(a1 + hp), w));
    }
  }
  // Every example adds its row once to dBias and once to a row of dT's first block (its b's in
  // the x₁ block; its a's when uniform), so dBias is that block's column sum: v row additions
  // instead of n.
  for (let b = 0; b < v; b++) axpy(dbias, dt + <usize>b * rowBytes, 1, w);
}

// Returns s·t over w floats while adding c·s to y: one pass for a table row's two adjoints.
@inline function dotAxpy(s: usize, t: usize, y: usize, c: f32, w: i32): f32 {
  const cv = f32x4.splat(c);
  let acc = f32x4.splat(0);
  const end = s + (<usize>w << 2);
  while (s < end) {
    const sv = v128.load(s);
    acc = f32x4.add(acc, f32x4.mul(sv, v128.load(t)));
    v128.store(y, f32x4.add(v128.load(y), f32x4.mul(cv, sv)));
    s += 16;
    t += 16;
    y += 16;
  }
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
}

// For each 4-bit mask, the positions of its set bits, packed to the front of an i32x4.
const COMPRESS = memory.data<i32>([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 1, 2, 0, 0, 0, 1, 2, 0, 3, 0, 0, 0, 0, 3, 0, 0, 1, 3, 0, 0, 0, 1, 3, 0, 2, 3, 0, 0, 0, 2, 3, 0, 1, 2, 3, 0, 0, 1, 2, 3]);

// Writes the indices of row's nonzero entries to nz and returns their count (n a multiple of 4):
// after a ReLU about half are zero in no predictable pattern, and skipping them halves the
// products. Four at a time: the lanes' nonzero mask picks a packed index vector from COMPRESS,
// stored whole at the end of the list (only its first popcnt(mask) lanes count).
@inline function nonzeros(row: usize, n: i32, nz: usize): i32 {
  let count = 0;
  const zero = f32x4.splat(0);
  for (let k = 0; k < n; k += 4) {
    const mask = i32x4.bitmask(f32x4.ne(v128.load(row + (<usize>k << 2)), zero));
    v128.store(nz + (<usize>count << 2), i32x4.add(i32x4.splat(k), v128.load(COMPRESS + (<usize>mask << 4))));
    count += popcnt(mask);
  }
  return count;
}

@inline function allIndices(n: i32, nz: usize): i32 {
  for (let k = 0; k < n; k++) store<i32>(nz + (<usize>k << 2), k);
  return n;
}

/**
 * out (lw) = init + Σ_k x[k]·m[k, :] over the listed k: the per-example product with the narrow
 * logit matrix m (dm × lw, lw a multiple of 20), 20 columns (5 lanes) at a time in registers
 * while the rows of m (L2-resident) stream by. m is stored in blocks of 20 columns (BLOCK_BYTES
 * a row, one block of dm rows after another), so a pass over one block reads its listed rows
 * from one contiguous 40 KB span (≈ 20 % faster than 240-byte rows, of which each pass used 80).
 */
@inline function rowTimesMatrix(x: usize, m: usize, dm: i32, lw: i32, nz: usize, count: i32, init: usize, out: usize): void {
  const lwBytes = <usize>lw << 2;
  const blockBytes = <usize>dm * BLOCK_BYTES;
  let mc = m;
  for (let c: usize = 0; c < lwBytes; c += BLOCK_BYTES) {
    let s0 = v128.load(init + c);
    let s1 = v128.load(init + c + 16);
    let s2 = v128.load(init + c + 32);
    let s3 = v128.load(init + c + 48);
    let s4 = v128.load(init + c + 64);
    for (let i = 0; i < count; i++) {
      const k = <usize>load<i32>(nz + (<usize>i << 2));
      const xv = v128.load32_splat(x + (k << 2));
      const mp = mc + k * BLOCK_BYTES;
      s0 = f32x4.add(s0, f32x4.mul(xv, v128.load(mp)));
      s1 = f32x4.add(s1, f32x4.mul(xv, v128.load(mp + 16)));
      s2 = f32x4.add(s2, f32x4.mul(xv, v128.load(mp + 32)));
      s3 = f32x4.add(s3, f32x4.mul(xv, v128.load(mp + 48)));
      s4 = f32x4.add(s4, f32x4.mul(xv, v128.load(mp + 64)));
    }
    v128.store(out + c, s0);
    v128.store(out + c + 16, s1);
    v128.store(out + c + 32, s2);
    v128.store(out + c + 48, s3);
    v128.store(out + c + 64, s4);
    mc += blockBytes;
  }
}

/**
 * For the listed k: out[k] += m[k, :]·g (the logits' gradient back to the hidden layer) and
 * d[k, :] += x[k]·g (one example's share of ∂m = hiddenᵀ·∂logits), in one pass so the index
 * list and g (in registers) serve both, and row k of m and of d are visited together (both in
 * 20-column blocks, as rowTimesMatrix reads m). The dot
 * products stay 4-lane partial sums (part, 4 floats per listed k) until the last 20-column
 * block, so each needs one horizontal sum, not one per block.
 */
@inline function adjoints(m: usize, d: usize, dm: i32, lw: i32, x: usize, g: usize, nz: usize, count: i32, out: usize, part: usize): void {
  const lwBytes = <usize>lw << 2;
  const blockBytes = <usize>dm * BLOCK_BYTES;
  memory.fill(part, 0, <usize>count << 4);
  let mc = m;
  let dc = d;
  for (let c: usize = 0; c < lwBytes; c += BLOCK_BYTES) {
    const g0 = v128.load(g + c);
    const g1 = v128.load(g + c + 16);
    const g2 = v128.load(g + c + 32);
    const g3 = v128.load(g + c + 48);
    const g4 = v128.load(g + c + 64);
    for (let i = 0; i < count; i++) {
      const k = <usize>load<i32>(nz + (<usize>i << 2));
      const ko = k * BLOCK_BYTES;
      const mp = mc + ko;
      const s = f32x4.add(
        f32x4.add(f32x4.mul(g0, v128.load(mp)), f32x4.mul(g1, v128.load(mp + 16))),
        f32x4.add(f32x4.add(f32x4.mul(g2, v128.load(mp + 32)), f32x4.mul(g3, v128.load(mp + 48))), f32x4.mul(g4, v128.load(mp + 64))),
      );
      const pp = part + (<usize>i << 4);
      v128.store(pp, f32x4.add(v128.load(pp), s));
      const xv = v128.load32_splat(x + (k << 2));
      const dp = dc + ko;
      v128.store(dp, f32x4.add(v128.load(dp), f32x4.mul(xv, g0)));
      v128.store(dp + 16, f32x4.add(v128.load(dp + 16), f32x4.mul(xv, g1)));
      v128.store(dp + 32, f32x4.add(v128.load(dp + 32), f32x4.mul(xv, g2)));
      v128.store(dp + 48, f32x4.add(v128.load(dp + 48), f32x4.mul(xv, g3)));
      v128.store(dp + 64, f32x4.add(v128.load(dp + 64), f32x4.mul(xv, g4)));
    }
    mc += blockBytes;
    dc += blockBytes;
  }
  for (let i = 0; i < count; i++) {
    const s = v128.load(part + (<usize>i << 4));
    const o = out + (<usize>load<i32>(nz + (<usize>i << 2)) << 2);
    store<f32>(o, load<f32>(o) + ((f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3))));
  }
}

/**
 * The float64 cross-entropy of one row of v float32 logits against its label:
 * stats[0] += loss, stats[1] += (argmax = label). When grad ≠ 0 it receives
 * (softmax − onehot)·scale rounded to float32, as PyTorch's float64 loss hands back, with entries
 * of magnitude below `floor` stored as 0 (see FastEngine's GRADIENT_FLOOR). ex: scratch of v
 * float64s.
 */
@inline function crossEntropyRow(row: usize, v: i32, label: i32, scale: f64, grad: usize, floor: f32, stats: usize, ex: usize): void {
  let mx: f64 = -Infinity;
  let arg = 0;
  for (let j = 0; j < v; j++) {
    const x = <f64>load<f32>(row + (<usize>j << 2));
    if (x > mx) {
      mx = x;
      arg = j;
    }
  }
  // exp(x − max) once per logit (kept in ex): the softmax is ex / Σ ex.
  let sum: f64 = 0;
  for (let j = 0; j < v; j++) {
    const x = Math.exp(<f64>load<f32>(row + (<usize>j << 2)) - mx);
    store<f64>(ex + (<usize>j << 3), x);
    sum += x;
  }
  const lse = mx + Math.log(sum);
  store<f64>(stats, load<f64>(stats) + (lse - <f64>load<f32>(row + (<usize>label << 2))));
  if (arg == label) store<f64>(stats + 8, load<f64>(stats + 8) + 1);
  if (grad != 0) {
    const inv = 1 / sum;
    for (let j = 0; j < v; j++) {
      let s = load<f64>(ex + (<usize>j << 3)) * inv;
      if (j == label) s -= 1;
      const g32 = <f32>(s * scale);
      store<f32>(grad + (<usize>j << 2), Mathf.abs(g32) < floor ? 0 : g32);
    }
  }
}

/** crossEntropyRow over n rows of logits (row stride ld) without a gradient: the test batch. */
export function crossEntropy(logits: usize, ld: i32, v: i32, labels: usize, n: i32, stats: usize, ex: usize): void {
  for (let e = 0; e < n; e++) {
    crossEntropyRow(logits + (<usize>(e * ld) << 2), v, load<i32>(labels + (<usize>e << 2)), 1, 0, 0, stats, ex);
  }
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

/**
 * The attention weights of the last position for every pair, per head, from the token tables
 * q1 (query at position 1), k0, k1 (keys at positions 0, 1), each p rows of heads·dh at row
 * stride ld (they are column blocks of one projection product):
 * d = scale·(q1[b]·k0[a] − q1[b]·k1[b]); a0 = α·σ(d) + 1 − α, a1 = α·σ(−d) + 1 − α (a two-way
 * softmax is a sigmoid), at (h·p + b)·p + a. sig keeps σ(d)·σ(−d) for the adjoint. Done here
 * rather than in tfjs: ≈ 20 small tfjs ops per head (and twice that in the backward pass) cost
 * more in dispatch than their arithmetic.
 */
export function attentionTables(q1: usize, k0: usize, k1: usize, ld: i32, p: i32, heads: i32, dh: i32, scale: f32, alpha: f32, a0: usize, a1: usize, sig: usize): void {
  const hd = ld;
  for (let h = 0; h < heads; h++) {
    for (let b = 0; b < p; b++) {
      const qb = q1 + (<usize>(b * hd + h * dh) << 2);
      const s11 = scale * dotScalar(qb, k1 + (<usize>(b * hd + h * dh) << 2), dh);
      for (let a = 0; a < p; a++) {
        const d = scale * dotScalar(qb, k0 + (<usize>(a * hd + h * dh) << 2), dh) - s11;
        const s0: f32 = 1 / (1 + Mathf.exp(-d));
        const s1: f32 = 1 / (1 + Mathf.exp(d));
        const o = <usize>((h * p + b) * p + a) << 2;
        store<f32>(a0 + o, alpha * s0 + (1 - alpha));
        store<f32>(a1 + o, alpha * s1 + (1 - alpha));
        store<f32>(sig + o, s0 * s1);
      }
    }
  }
}

/**
 * The adjoint of attentionTables: adds to dq1, dk0, dk1 (p rows of heads·dh at row stride ld,
 * zeroed by the caller) from da0, da1. The rows are updated 4 columns at a time; each entry's
 * additions still come one a after another, so the sums are those of a scalar loop.
 */
export function attentionAdjoint(q1: usize, k0: usize, k1: usize, ld: i32, p: i32, heads: i32, dh: i32, scale: f32, alpha: f32, sig: usize, da0: usize, da1: usize, dq1: usize, dk0: usize, dk1: usize): void {
  const hd = ld;
  const dhBytes = <usize>dh << 2;
  const wide = dhBytes & ~15;
  for (let h = 0; h < heads; h++) {
    for (let b = 0; b < p; b++) {
      const rb = <usize>(b * hd + h * dh) << 2;
      let ds11: f32 = 0;
      for (let a = 0; a < p; a++) {
        const o = <usize>((h * p + b) * p + a) << 2;
        // ∂loss/∂(q1[b]·k0[a]): through σ(d)' = σ(d)σ(−d) for a0 and its negative for a1
        const g: f32 = alpha * load<f32>(sig + o) * (load<f32>(da0 + o) - load<f32>(da1 + o)) * scale;
        ds11 -= g;
        const ra = <usize>(a * hd + h * dh) << 2;
        addScaled2(dq1 + rb, k0 + ra, dk0 + ra, q1 + rb, g, wide, dhBytes);
      }
      addScaled2(dq1 + rb, k1 + rb, dk1 + rb, q1 + rb, ds11, wide, dhBytes);
    }
  }
}

// x += g·y and u += g·z over n bytes of floats (wide: n rounded down to whole f32x4 lanes).
@inline function addScaled2(x: usize, y: usize, u: usize, z: usize, g: f32, wide: usize, n: usize): void {
  const gv = f32x4.splat(g);
  let j: usize = 0;
  for (; j < wide; j += 16) {
    v128.store(x + j, f32x4.add(v128.load(x + j), f32x4.mul(gv, v128.load(y + j))));
    v128.store(u + j, f32x4.add(v128.load(u + j), f32x4.mul(gv, v128.load(z + j))));
  }
  for (; j < n; j += 4) {
    store<f32>(x + j, load<f32>(x + j) + g * load<f32>(y + j));
    store<f32>(u + j, load<f32>(u + j) + g * load<f32>(z + j));
  }
}

@inline function dotScalar(x: usize, y: usize, n: i32): f32 {
  let s: f32 = 0;
  for (let i = 0; i < n; i++) s += load<f32>(x + (<usize>i << 2)) * load<f32>(y + (<usize>i << 2));
  return s;
}

/**
 * C = A·B, or C += A·B when accumulate ≠ 0 (row-major; A m × k at row stride lda, B k × n at
 * ldb, C m × n at ldc, all in floats). The fast step's 59-row tables and their adjoints: 4 rows
 * × 8 columns of C in registers while k runs (8 independent sums hide the adds' latency), then
 * the leftover columns 4 and 1 at a time and the leftover rows one at a time. Each entry is a
 * plain sequential sum over k, so results do not depend on the blocking.
 */
export function gemm(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32, accumulate: i32): void {
  const la = <usize>lda << 2;
  const lc = <usize>ldc << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const ar = a + <usize>i * la;
    const cr = c + <usize>i * lc;
    let j = 0;
    for (; j + 8 <= n; j += 8) block4x8(ar, la, b + (<usize>j << 2), ldb, cr + (<usize>j << 2), lc, k, accumulate);
    if (j + 4 <= n) {
      block4x4(ar, la, b + (<usize>j << 2), ldb, cr + (<usize>j << 2), lc, k, accumulate);
      j += 4;
    }
    for (; j < n; j++) for (let r = 0; r < 4; r++) dotColumn(ar + <usize>r * la, b + (<usize>j << 2), ldb, cr + <usize>r * lc + (<usize>j << 2), k, accumulate);
  }
  for (; i < m; i++) {
    const ar = a + <usize>i * la;
    const cr = c + <usize>i * lc;
    let j = 0;
    for (; j + 4 <= n; j += 4) block1x4(ar, b + (<usize>j << 2), ldb, cr + (<usize>j << 2), k, accumulate);
    for (; j < n; j++) dotColumn(ar, b + (<usize>j << 2), ldb, cr + (<usize>j << 2), k, accumulate);
  }
}

@inline function block4x8(a0: usize, la: usize, b: usize, ldb: i32, c0: usize, lc: usize, k: i32, accumulate: i32): void {
  const lb = <usize>ldb << 2;
  const a1 = a0 + la;
  const a2 = a1 + la;
  const a3 = a2 + la;
  let s00 = f32x4.splat(0);
  let s01 = s00;
  let s10 = s00;
  let s11 = s00;
  let s20 = s00;
  let s21 = s00;
  let s30 = s00;
  let s31 = s00;
  let bp = b;
  for (let q = 0; q < k; q++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp + 16);
    const qo = <usize>q << 2;
    const x0 = v128.load32_splat(a0 + qo);
    s00 = f32x4.add(s00, f32x4.mul(x0, b0));
    s01 = f32x4.add(s01, f32x4.mul(x0, b1));
    const x1 = v128.load32_splat(a1 + qo);
    s10 = f32x4.add(s10, f32x4.mul(x1, b0));
    s11 = f32x4.add(s11, f32x4.mul(x1, b1));
    const x2 = v128.load32_splat(a2 + qo);
    s20 = f32x4.add(s20, f32x4.mul(x2, b0));
    s21 = f32x4.add(s21, f32x4.mul(x2, b1));
    const x3 = v128.load32_splat(a3 + qo);
    s30 = f32x4.add(s30, f32x4.mul(x3, b0));
    s31 = f32x4.add(s31, f32x4.mul(x3, b1));
    bp += lb;
  }
  const c1 = c0 + lc;
  const c2 = c1 + lc;
  const c3 = c2 + lc;
  if (accumulate != 0) {
    s00 = f32x4.add(v128.load(c0), s00);
    s01 = f32x4.add(v128.load(c0 + 16), s01);
    s10 = f32x4.add(v128.load(c1), s10);
    s11 = f32x4.add(v128.load(c1 + 16), s11);
    s20 = f32x4.add(v128.load(c2), s20);
    s21 = f32x4.add(v128.load(c2 + 16), s21);
    s30 = f32x4.add(v128.load(c3), s30);
    s31 = f32x4.add(v128.load(c3 + 16), s31);
  }
  v128.store(c0, s00);
  v128.store(c0 + 16, s01);
  v128.store(c1, s10);
  v128.store(c1 + 16, s11);
  v128.store(c2, s20);
  v128.store(c2 + 16, s21);
  v128.store(c3, s30);
  v128.store(c3 + 16, s31);
}

@inline function block4x4(a0: usize, la: usize, b: usize, ldb: i32, c0: usize, lc: usize, k: i32, accumulate: i32): void {
  const lb = <usize>ldb << 2;
  const a1 = a0 + la;
  const a2 = a1 + la;
  const a3 = a2 + la;
  let s0 = f32x4.splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  let bp = b;
  for (let q = 0; q < k; q++) {
    const bv = v128.load(bp);
    const qo = <usize>q << 2;
    s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + qo), bv));
    s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(a1 + qo), bv));
    s2 = f32x4.add(s2, f32x4.mul(v128.load32_splat(a2 + qo), bv));
    s3 = f32x4.add(s3, f32x4.mul(v128.load32_splat(a3 + qo), bv));
    bp += lb;
  }
  const c1 = c0 + lc;
  const c2 = c1 + lc;
  const c3 = c2 + lc;
  if (accumulate != 0) {
    s0 = f32x4.add(v128.load(c0), s0);
    s1 = f32x4.add(v128.load(c1), s1);
    s2 = f32x4.add(v128.load(c2), s2);
    s3 = f32x4.add(v128.load(c3), s3);
  }
  v128.store(c0, s0);
  v128.store(c1, s1);
  v128.store(c2, s2);
  v128.store(c3, s3);
}

@inline function block1x4(a: usize, b: usize, ldb: i32, c: usize, k: i32, accumulate: i32): void {
  const lb = <usize>ldb << 2;
  let s = f32x4.splat(0);
  let bp = b;
  for (let q = 0; q < k; q++) {
    s = f32x4.add(s, f32x4.mul(v128.load32_splat(a + (<usize>q << 2)), v128.load(bp)));
    bp += lb;
  }
  if (accumulate != 0) s = f32x4.add(v128.load(c), s);
  v128.store(c, s);
}

@inline function dotColumn(a: usize, b: usize, ldb: i32, c: usize, k: i32, accumulate: i32): void {
  const lb = <usize>ldb << 2;
  let s: f32 = 0;
  let bp = b;
  for (let q = 0; q < k; q++) {
    s += load<f32>(a + (<usize>q << 2)) * load<f32>(bp);
    bp += lb;
  }
  store<f32>(c, accumulate != 0 ? load<f32>(c) + s : s);
}

/**
 * out (n × m, row stride ldo) = the transpose of x (m × n, row stride ldx): 4 × 4 tiles through
 * registers (four row loads, eight shuffles, four column stores), the ragged edges one float at
 * a time.
 */
export function transpose(x: usize, ldx: i32, m: i32, n: i32, out: usize, ldo: i32): void {
  const lx = <usize>ldx << 2;
  const lo = <usize>ldo << 2;
  const m4 = m & ~3;
  const n4 = n & ~3;
  for (let i = 0; i < m4; i += 4) {
    const xr = x + <usize>i * lx;
    const oc = out + (<usize>i << 2);
    for (let j = 0; j < n4; j += 4) {
      const xp = xr + (<usize>j << 2);
      const r0 = v128.load(xp);
      const r1 = v128.load(xp + lx);
      const r2 = v128.load(xp + 2 * lx);
      const r3 = v128.load(xp + 3 * lx);
      const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const op = oc + <usize>j * lo;
      v128.store(op, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(op + lo, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(op + 2 * lo, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(op + 3 * lo, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) store<f32>(out + (<usize>(j * ldo + i) << 2), load<f32>(x + (<usize>(i * ldx + j) << 2)));
  }
}

/**
 * out = x, or out += x when accumulate ≠ 0 (m × n floats, row strides ldx and ldo): the step's
 * block copies, which from JS cost a subarray per row (≈ 0.5 ms a step for dM's 3 × 512 rows).
 */
export function copy(x: usize, ldx: i32, m: i32, n: i32, out: usize, ldo: i32, accumulate: i32): void {
  const lx = <usize>ldx << 2;
  const lo = <usize>ldo << 2;
  const bytes = <usize>n << 2;
  const wide = bytes & ~15;
  for (let i = 0; i < m; i++) {
    const xr = x + <usize>i * lx;
    const or = out + <usize>i * lo;
    if (accumulate == 0) {
      memory.copy(or, xr, bytes);
      continue;
    }
    let j: usize = 0;
    for (; j < wide; j += 16) v128.store(or + j, f32x4.add(v128.load(or + j), v128.load(xr + j)));
    for (; j < bytes; j += 4) store<f32>(or + j, load<f32>(or + j) + load<f32>(xr + j));
  }
}
