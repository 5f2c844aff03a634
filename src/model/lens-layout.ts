import { toFloat32, type Tensor, type TensorMap } from '../io/tensor.js';
import { mapParams } from './families/canonical.js';
import { referenceParamsOf } from './families/reference-transformer.js';
import { lensTensors } from './families/transformer-lens.js';

/**
 * A reference-layout transformer's tensors (as float32) in TransformerLens's HookedTransformer
 * layout (METRICS.md §2) with zero biases: the reference family's canonical parameters written
 * by the TransformerLens family. With α = 1 and one layer (where the causal mask does not touch
 * the last position) the two compute the same last-position logits.
 */
export function referenceToLens(tensors: TensorMap): TensorMap {
  const f32 = (t: Tensor): Tensor => ({ dtype: 'F32', shape: t.shape, data: toFloat32(t) });
  return lensTensors(mapParams(referenceParamsOf(tensors), f32));
}
