import { tf } from '../model/backend.js';
import { customOp } from './custom-op.js';

type T2 = tf.Tensor2D;

/**
 * a·b through the wasm backend's one fast path: a 2-D, untransposed matMul (≈ 10× its
 * transposed and batched forms). Its gradient uses the same path on explicitly transposed
 * copies: ∂a = dy·bᵀ, and ∂b = aᵀ·dy or (dyᵀ·a)ᵀ, whichever transposes fewer numbers.
 * Every transposed operand is a fresh tensor, so tfjs-wasm's matmul cache (keyed by the second
 * operand's tensor id) never sees one id with two shapes.
 */
export const fastMatMul = customOp((a: T2, b: T2) => {
  const value = tf.matMul(a, b) as T2;
  const gradFunc = (dy: T2, [a, b]: [T2, T2]) => {
    const [m, k] = a.shape;
    const n = b.shape[1];
    const da = tf.matMul(dy, tf.transpose(b));
    const db = m * k <= m * n + k * n ? tf.matMul(tf.transpose(a), dy) : tf.transpose(tf.matMul(tf.transpose(dy), a));
    return [da, db];
  };
  return { value, gradFunc };
});
