import { Prng } from './prng.js';

/** Train/test indices into the a·p + b enumeration of all p² pairs. */
export interface Split {
  train: number[];
  test: number[];
}

/**
 * The reference's split: a random fraction frac (⌊frac·p²⌋ pairs, 2,784 of 3,481 for p = 59 and 0.8) for training,
 * the rest for test. Seeded here (the reference's is not): a shuffle of 0..p²−1 by the "split"
 * stream, the first ⌊frac·p²⌋ for training. Each list is kept in shuffled order, as recorded.
 */
export function seededSplit(seed: number, p: number, frac = 0.8): Split {
  const all = Array.from({ length: p * p }, (_, i) => i);
  new Prng(seed, 'split').shuffle(all);
  const nTrain = Math.floor(frac * p * p);
  return { train: all.slice(0, nTrain), test: all.slice(nTrain) };
}

/** Optimizer steps per epoch: the reference's DataLoader batches over the training split (1 at full batch). */
export function miniBatchCount(spec: { p: number; frac: number; batch: number }): number {
  return Math.ceil(Math.floor(spec.frac * spec.p * spec.p) / spec.batch);
}
