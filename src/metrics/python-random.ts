import type { Triple } from '../model/network.js';

/**
 * CPython's `random.Random` (Mersenne Twister MT19937), bit for bit, for the calls the reference
 * makes: seeding from an int, `random()`, `getrandbits`, `_randbelow` and `shuffle`. Reproducing
 * it lets the gradient-symmetricity sample match the reference for ANY seed, not just 42.
 */
export class PythonRandom {
  private readonly mt = new Uint32Array(624);
  private index = 625;

  constructor(seed: number | bigint = 0) {
    this.seed(seed);
  }

  /** `random.seed(n)` for an int n: init_by_array over the 32-bit words of |n|, least first. */
  seed(seed: number | bigint): void {
    let n = BigInt(seed);
    if (n < 0n) n = -n;
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = 624;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = 624;
  }

  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < 624; k++) {
      const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % 624]! & 0x7fffffff);
      mt[k] = mt[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** genrand_uint32. */
  uint32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random.random()`: 53-bit float in [0, 1). */
  random(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `getrandbits(k)` for 0 ≤ k ≤ 53 (words consumed least-significant first, as CPython). */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 53) throw new RangeError(`getrandbits: k must be an integer in 0..53, got ${k}`);
    if (k === 0) return 0;
    if (k <= 32) return this.uint32() >>> (32 - k);
    const low = this.uint32();
    const high = this.uint32() >>> (64 - k);
    return high * 4294967296 + low;
  }

  /** `_randbelow_with_getrandbits(n)`: rejection sampling on bit_length(n) bits. */
  randbelow(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`randbelow: n must be a positive integer, got ${n}`);
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** `random.shuffle(x)` in place (Python 3: Fisher–Yates from the end, j = _randbelow(i+1)). */
  shuffle<T>(x: { length: number; [i: number]: T }): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
  }
}

function bitLength(n: number): number {
  return n.toString(2).length;
}

/**
 * The reference's gradient-symmetricity sample: `random.Random(seed).shuffle` of all p³ triples
 * (a, b, c) in lexicographic order, first n (METRICS.md §4).
 */
export function referenceTriples(p = 59, seed = 42, n = 100): Triple[] {
  const key = `${p},${seed},${n}`;
  let cached = tripleCache.get(key);
  if (cached === undefined) {
    cached = shuffledTriples(p, seed, n);
    if (tripleCache.size > 16) tripleCache.clear();
    tripleCache.set(key, cached);
  }
  return cached.slice();
}

/** The shuffle of p³ indices costs milliseconds; every metric run asks for the same sample. */
const tripleCache = new Map<string, Triple[]>();

function shuffledTriples(p: number, seed: number, n: number): Triple[] {
  const total = p * p * p;
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  new PythonRandom(seed).shuffle(order);
  const out: Triple[] = [];
  for (let i = 0; i < Math.min(n, total); i++) {
    const t = order[i]!;
    out.push([Math.floor(t / (p * p)), Math.floor(t / p) % p, t % p]);
  }
  return out;
}
