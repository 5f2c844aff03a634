/** Small modular-arithmetic helpers shared by the Fourier-side metrics. */

/** x⁻¹ mod p for prime p (x not divisible by p), by Fermat-free extended Euclid. */
export function modInverse(x: number, p: number): number {
  let [oldR, r] = [((x % p) + p) % p, p];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1) throw new RangeError(`${x} has no inverse mod ${p}`);
  return ((oldS % p) + p) % p;
}

/** k folded to its representative in 1..(p−1)/2 (cos is even, so k and p−k are one frequency). */
export function foldFrequency(k: number, p: number): number {
  const r = ((k % p) + p) % p;
  return Math.min(r, p - r);
}

/** cos and sin of 2πt/p for t = 0..p−1: the p-th roots of unity the Fourier-side metrics index by t·k mod p. */
export function rootsOfUnity(p: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(p);
  const sin = new Float64Array(p);
  for (let t = 0; t < p; t++) {
    cos[t] = Math.cos((2 * Math.PI * t) / p);
    sin[t] = Math.sin((2 * Math.PI * t) / p);
  }
  return { cos, sin };
}
