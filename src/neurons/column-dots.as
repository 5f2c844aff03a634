// Dot products between float64 columns, for linear CKA (cka.ts), in WebAssembly SIMD. Compiled
// by src/train/kernels/build.mjs; the module owns its memory and JS addresses it by byte offset.
//
// Columns come in quads: four columns of n entries interleaved entry by entry (quad[4t + c]).
// Each f64x2 lane holds one dot product, summed over t = 0, 1, … from +0 by one multiply and one
// add per term — no fused multiply-add, no reassociation — so every dot is bit for bit the
// float64 of the scalar loop `s += a[t] * b[t]`; SIMD only runs two different dots side by side.

export function heapBase(): usize {
  return __heap_base;
}

// out[4a + b] = Σ_t x_a(t)·y_b(t) for the four columns a of quad x and b of quad y.
export function quadDots(x: usize, y: usize, n: i32, out: usize): void {
  let s001 = f64x2.splat(0), s023 = f64x2.splat(0), s101 = f64x2.splat(0), s123 = f64x2.splat(0);
  let s201 = f64x2.splat(0), s223 = f64x2.splat(0), s301 = f64x2.splat(0), s323 = f64x2.splat(0);
  const end = x + (<usize>n << 5);
  while (x < end) {
    const y01 = v128.load(y);
    const y23 = v128.load(y, 16);
    const u0 = v128.load64_splat(x);
    const u1 = v128.load64_splat(x, 8);
    const u2 = v128.load64_splat(x, 16);
    const u3 = v128.load64_splat(x, 24);
    s001 = f64x2.add(s001, f64x2.mul(u0, y01));
    s023 = f64x2.add(s023, f64x2.mul(u0, y23));
    s101 = f64x2.add(s101, f64x2.mul(u1, y01));
    s123 = f64x2.add(s123, f64x2.mul(u1, y23));
    s201 = f64x2.add(s201, f64x2.mul(u2, y01));
    s223 = f64x2.add(s223, f64x2.mul(u2, y23));
    s301 = f64x2.add(s301, f64x2.mul(u3, y01));
    s323 = f64x2.add(s323, f64x2.mul(u3, y23));
    x += 32;
    y += 32;
  }
  v128.store(out, s001);
  v128.store(out, s023, 16);
  v128.store(out, s101, 32);
  v128.store(out, s123, 48);
  v128.store(out, s201, 64);
  v128.store(out, s223, 80);
  v128.store(out, s301, 96);
  v128.store(out, s323, 112);
}
