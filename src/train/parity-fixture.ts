import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isBufferName } from '../model/families/index.js';
import { referenceDir } from '../reference.js';
import { resolveSpec, type TrainSpec } from './config.js';
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

export function parityFixturePath(name: string): string {
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
    config: { attn_coeff: number; d_model: number; n_layers: number; act_fn: string; epoch: number };
    steps: number;
    split: Split;
    initial: Record<string, RawTensor>;
    final: Record<string, RawTensor>;
    train_losses: number[];
    test_losses: number[];
  };
  const spec = resolveSpec({ attn: raw.config.attn_coeff, width: raw.config.d_model, layers: raw.config.n_layers, act: raw.config.act_fn === 'GeLU' ? 'gelu' : 'relu', steps: raw.steps, seed: 0 });
  const params = (tensors: Record<string, RawTensor>): Params =>
    Object.entries(tensors)
      .filter(([name]) => !isBufferName(name))
      .map(([name, t]) => ({ name, shape: t.shape, data: Float32Array.from(t.data) }));
  return { spec, split: raw.split, initial: params(raw.initial), final: params(raw.final), trainLosses: raw.train_losses, testLosses: raw.test_losses };
}
