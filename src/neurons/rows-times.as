// Rows times a matrix in float64, for the neuron tables (dense.ts, addRowsTimes), in WebAssembly
// SIMD. Compiled by src/train/kernels/build.mjs; the module owns its memory and JS addresses it
// by byte offset.
//
// out[r][j] += x[r][i]·w[i][j] for i = 0, 1, … in order, one multiply then one add per term (no
// fused multiply-add, no reassociation), skipping x[r][i] = 0: every output is bit for bit the
// scalar loop's. SIMD only runs two outputs j side by side; four terms i go through one load and
// store of the outputs when all four are nonzero, still added one after another.

export function heapBase(): usize {
  return __heap_base;
}

export function rowsTimes(x: usize, ldx: i32, rows: i32, k: i32, w: usize, cols: i32, out: usize, ldo: i32): void {
  const pairs = cols & ~1;
  const rowBytes = <usize>cols << 3;
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * <usize>ldx) << 3);
    const o = out + ((<usize>r * <usize>ldo) << 3);
    let i = 0;
    while (i < k) {
      const x0 = load<f64>(xr + (<usize>i << 3));
      const w0 = w + <usize>i * rowBytes;
      if (i + 4 <= k) {
        const x1 = load<f64>(xr + (<usize>i << 3), 8);
        const x2 = load<f64>(xr + (<usize>i << 3), 16);
        const x3 = load<f64>(xr + (<usize>i << 3), 24);
        if (x0 != 0 && x1 != 0 && x2 != 0 && x3 != 0) {
          const w1 = w0 + rowBytes;
          const w2 = w1 + rowBytes;
          const w3 = w2 + rowBytes;
          const s0 = f64x2.splat(x0), s1 = f64x2.splat(x1), s2 = f64x2.splat(x2), s3 = f64x2.splat(x3);
          for (let j = 0; j < pairs; j += 2) {
            const at = <usize>j << 3;
            let acc = v128.load(o + at);
            acc = f64x2.add(acc, f64x2.mul(s0, v128.load(w0 + at)));
            acc = f64x2.add(acc, f64x2.mul(s1, v128.load(w1 + at)));
            acc = f64x2.add(acc, f64x2.mul(s2, v128.load(w2 + at)));
            acc = f64x2.add(acc, f64x2.mul(s3, v128.load(w3 + at)));
            v128.store(o + at, acc);
          }
          if (pairs < cols) {
            const at = <usize>pairs << 3;
            let acc = load<f64>(o + at);
            acc += x0 * load<f64>(w0 + at);
            acc += x1 * load<f64>(w1 + at);
            acc += x2 * load<f64>(w2 + at);
            acc += x3 * load<f64>(w3 + at);
            store<f64>(o + at, acc);
          }
          i += 4;
          continue;
        }
      }
      if (x0 != 0) {
        const s0 = f64x2.splat(x0);
        for (let j = 0; j < pairs; j += 2) {
          const at = <usize>j << 3;
          v128.store(o + at, f64x2.add(v128.load(o + at), f64x2.mul(s0, v128.load(w0 + at))));
        }
        if (pairs < cols) {
          const at = <usize>pairs << 3;
          store<f64>(o + at, load<f64>(o + at) + x0 * load<f64>(w0 + at));
        }
      }
      i++;
    }
  }
}
