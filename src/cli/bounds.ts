import { ClockpizzaError } from '../errors.js';
import type { NumberRange } from './command.js';
import { familyOf } from '../model/families/index.js';
import { trainArchitecture, type TrainSpec } from '../train/config.js';

/**
 * The ranges of the training options, shared by `train` and `sweep` (issue 18.9: `--width
 * 100000` or `--layers 1000000` ran out of memory or hung). They cover the paper's setups
 * (widths 32–512, 1–4 layers, 20,000 steps) with room to spare.
 */
export const TRAINING_RANGES = {
  attn: { integer: false, min: 0, max: 1 },
  width: { integer: true, min: 1, max: 1024 },
  layers: { integer: true, min: 1, max: 16 },
  steps: { integer: true, min: 0, max: 10_000_000 },
  seed: { integer: true, min: 0, max: 2 ** 32 - 1 },
} as const satisfies Record<string, NumberRange>;

/**
 * Largest transformer trained: 2²⁴ parameters, ≈ 270 MB with gradients and AdamW's two moments
 * (float32). Width and layers are bounded one by one above; their product is bounded here.
 */
export const MAX_TRAINED_PARAMETERS = 2 ** 24;

/** A transformer's parameter count at p = 59 tokens: per layer 4d² of attention (H·d_head = d) and 8d² of MLP (4d hidden), plus embedding and unembedding. */
export function transformerParameters(width: number, layers: number): number {
  return layers * 12 * width * width + 2 * 59 * width;
}

/** The trainable parameters of a spec, counted from its family's table (p, heads, head and MLP widths included). */
export function trainedParameters(spec: TrainSpec): number {
  const a = trainArchitecture(spec);
  return familyOf(a).table(a).reduce((n, entry) => n + ('init' in entry ? entry.shape.reduce((x, y) => x * y, 1) : 0), 0);
}

/** Refuses a width × layers whose parameters (default: at p = 59, 4·width MLP) exceed MAX_TRAINED_PARAMETERS, naming both options. */
export function checkModelSize(width: number, layers: number, parameters = transformerParameters(width, layers)): void {
  const n = parameters;
  if (n > MAX_TRAINED_PARAMETERS) {
    throw new ClockpizzaError(`width ${width} × ${layers} layer(s) is ${n.toLocaleString('en-US')} parameters, more than the ${MAX_TRAINED_PARAMETERS.toLocaleString('en-US')} this tool trains`, { field: '--width, --layers' });
  }
}
