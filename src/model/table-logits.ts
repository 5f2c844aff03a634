import { InternalError } from '../errors.js';
import { toFloat32, type TensorMap } from '../io/tensor.js';
import { fastStepUnsupported, trainArchitecture, type TrainSpec } from '../train/config.js';
import { batchOf } from '../train/engine.js';
import { FastEngine } from '../train/fast.js';
import { describeArchitecture, type TransformerArchitecture } from './architecture.js';
import { mapParams } from './families/canonical.js';
import { familyOf } from './families/index.js';

/**
 * All-pairs logits of a 1-layer transformer through per-token tables: the fast training step's
 * forward (train/fast.ts). Everything before the MLP depends on a token through p-row tables, so
 * the MLP input of a pair is a sum of table rows and only the hidden layer is per pair: ≈ 4×
 * fewer FLOPs than the batched tfjs forward, and ≈ 4× faster on the 3,481 pairs of p = 59 (an
 * audit makes 13 such passes: the model and each isolated circle). The same function in another
 * float32 summation order: its logits agree with the tfjs forward's and the float64 oracle's to
 * float32 rounding (table-logits.test.ts), as the tfjs forward agrees with PyTorch's.
 */

/** The fast step's spec of an architecture (training knobs are irrelevant to a forward pass), or undefined when the architecture is not one the fast step computes. */
function tableSpec(a: TransformerArchitecture): TrainSpec | undefined {
  const spec: TrainSpec = {
    model: 'transformer', attn: a.attnCoeff, width: a.dModel, layers: a.nLayers, act: a.actFn === 'ReLU' ? 'relu' : 'gelu', seed: 0, steps: 0,
    implementation: 'fast', p: a.p, frac: 1, lr: 0, weightDecay: 0, nHeads: a.nHeads, dHead: a.dHead, dMlp: a.dMlp, beta1: 0, beta2: 0, warmup: 0,
    batch: a.p * a.p, diffVocab: a.diffVocab, eqnSign: a.eqnSign,
  };
  if (fastStepUnsupported(spec) !== undefined) return undefined;
  // The fast step computes the reference's own architecture: anything else (biases, a causal mask, other outputs) is not its function.
  const computed = trainArchitecture(spec) as TransformerArchitecture;
  const same = (['p', 'nLayers', 'dModel', 'nHeads', 'dHead', 'dMlp', 'nVocab', 'nOutputs', 'nCtx', 'actFn', 'attnCoeff', 'biases', 'causalMask', 'diffVocab', 'eqnSign'] as const).every((k) => computed[k] === a[k]);
  return same ? spec : undefined;
}

/** Whether tableLogits computes this architecture (1 layer, 4 heads, plain [a, b] tokens, the reference's function). */
export function tableLogitsSupported(a: TransformerArchitecture): boolean {
  return tableSpec(a) !== undefined;
}

/** One engine per process, rebuilt only when the architecture changes (a population is mostly one). */
let cached: { key: string; engine: FastEngine } | undefined;

function engineFor(spec: TrainSpec): FastEngine {
  const key = JSON.stringify(spec);
  if (cached?.key !== key) {
    const all = batchOf(Array.from({ length: spec.p * spec.p }, (_, i) => i), spec.p);
    // (the engine also holds a training batch; one example keeps its memory small)
    cached = { key, engine: new FastEngine(spec, batchOf([0], spec.p), all) };
  }
  return cached.engine;
}

/** Logits of every pair (row a·p + b, nOutputs columns) of a network with these tensors (its family's names). */
export function tableLogits(a: TransformerArchitecture, tensors: TensorMap): Float64Array {
  const spec = tableSpec(a);
  if (spec === undefined) throw new InternalError(`tableLogits: ${describeArchitecture(a)} is not a 1-layer reference architecture the fast step computes`);
  const weights = mapParams(familyOf(a).canonical(tensors, a), toFloat32);
  return Float64Array.from(engineFor(spec).testLogits(weights));
}
