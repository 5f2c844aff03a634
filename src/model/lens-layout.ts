import type { Tensor, TensorMap } from '../io/tensor.js';
import { toFloat32 } from '../io/tensor.js';
import { transpose } from './transformer-weights.js';

/**
 * A reference-layout transformer's tensors renamed and transposed into TransformerLens's
 * HookedTransformer layout (METRICS.md §2) with zero biases. With α = 1 and one layer (where the
 * causal mask does not touch the last position) the two compute the same last-position logits.
 */
export function referenceToLens(tensors: TensorMap): TensorMap {
  const f32 = (name: string): Tensor => {
    const t = tensors.get(name);
    if (t === undefined) throw new Error(`referenceToLens: missing ${name}`);
    return { dtype: 'F32', shape: t.shape, data: toFloat32(t) };
  };
  const T = (name: string): Tensor => {
    const t = f32(name);
    const [r, c] = t.shape as [number, number];
    return { dtype: 'F32', shape: [c, r], data: transpose(t.data as Float32Array, r, c) };
  };
  const zeros = (shape: number[]): Tensor => ({ dtype: 'F32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const out: TensorMap = new Map();
  const WE = f32('embed.W_E');
  const [d, V] = WE.shape as [number, number];
  out.set('embed.W_E', T('embed.W_E'));
  out.set('pos_embed.W_pos', f32('pos_embed.W_pos'));
  const layers = new Set([...tensors.keys()].flatMap((n) => /^blocks\.(\d+)\./.exec(n)?.[1] ?? [])).size;
  for (let l = 0; l < layers; l++) {
    const b = `blocks.${l}`;
    const [H, dh] = f32(`${b}.attn.W_Q`).shape as [number, number, number];
    for (const w of ['Q', 'K', 'V']) {
      // (H, dh, d) → (H, d, dh): transpose each head's (dh, d) block.
      const src = f32(`${b}.attn.W_${w}`).data as Float32Array;
      const dst = new Float32Array(src.length);
      for (let h = 0; h < H; h++) dst.set(transpose(src.subarray(h * dh * d, (h + 1) * dh * d), dh, d), h * dh * d);
      out.set(`${b}.attn.W_${w}`, { dtype: 'F32', shape: [H, d, dh], data: dst });
      out.set(`${b}.attn.b_${w}`, zeros([H, dh]));
    }
    // (d, H·dh) → (H·dh, d) = (H, dh, d).
    out.set(`${b}.attn.W_O`, { ...T(`${b}.attn.W_O`), shape: [H, dh, d] });
    out.set(`${b}.attn.b_O`, zeros([d]));
    out.set(`${b}.mlp.W_in`, T(`${b}.mlp.W_in`));
    out.set(`${b}.mlp.b_in`, f32(`${b}.mlp.b_in`));
    out.set(`${b}.mlp.W_out`, T(`${b}.mlp.W_out`));
    out.set(`${b}.mlp.b_out`, f32(`${b}.mlp.b_out`));
  }
  out.set('unembed.W_U', f32('unembed.W_U'));
  out.set('unembed.b_U', zeros([V]));
  return out;
}
