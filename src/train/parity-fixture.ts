import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isBufferName } from '../model/families/index.js';
import { referenceDir, repoRoot } from '../reference.js';
import { resolveSpec, type TrainSpec } from './config.js';
import { trainOptionsOf } from './sidecar.js';
import type { Params } from './params.js';
import type { Split } from './split.js';

/** A training-parity fixture of the reference (METRICS.md §9), read from the shared reference. */
export interface ParityFixture {
  spec: TrainSpec;
  split: Split;
  initial: Params;
  final: Params;
  trainLosses: number[];
  testLosses: number[];
}

export const PARITY_FIXTURES = ['train-parity-a050-s10.json', 'train-parity-a100-s100.json'] as const;

/**
 * Fixtures this project recorded itself with the reference's loop (scripts/record_training_parity.py,
 * fixtures/training/), in the same format: the knobs away from the paper's defaults.
 */
export const PROJECT_PARITY_FIXTURES = ['train-parity-p31-h2-dv-s10.json'] as const;

export function parityFixturePath(name: string): string {
  if ((PROJECT_PARITY_FIXTURES as readonly string[]).includes(name)) return resolve(repoRoot(), 'fixtures/training', name);
  return resolve(referenceDir(), 'training', name);
}

export function hasParityFixture(name: string): boolean {
  return existsSync(parityFixturePath(name));
}

interface RawTensor {
  shape: number[];
  data: number[];
}

export function readParityFixture(name: string): ParityFixture {
  const raw = JSON.parse(readFileSync(parityFixturePath(name), 'utf8')) as {
    config: Record<string, unknown>;
    steps: number;
    split: Split;
    initial: Record<string, RawTensor>;
    final: Record<string, RawTensor>;
    train_losses: number[];
    test_losses: number[];
  };
  // every knob of the config the fixture was recorded with (C, n_heads, lr, frac, diff_vocab, …)
  const spec = resolveSpec({ ...trainOptionsOf(raw.config, parityFixturePath(name)), steps: raw.steps, seed: 0 });
  const params = (tensors: Record<string, RawTensor>): Params =>
    Object.entries(tensors)
      .filter(([name]) => !isBufferName(name))
      .map(([name, t]) => ({ name, shape: t.shape, data: Float32Array.from(t.data) }));
  return { spec, split: raw.split, initial: params(raw.initial), final: params(raw.final), trainLosses: raw.train_losses, testLosses: raw.test_losses };
}
