import { tf } from '../model/backend.js';

/**
 * tf.customGrad with types kept and the inputs saved for the gradient: tfjs may dispose an
 * input before the backward pass unless it is handed to `save`, so gradFunc gets them back.
 */
export function customOp<A extends tf.Tensor[], R extends tf.Tensor>(
  f: (...inputs: A) => { value: R; gradFunc: (dy: R, inputs: A) => tf.Tensor[] },
): (...inputs: A) => R {
  return tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as (tensors: tf.Tensor[]) => void;
    const inputs = args as A;
    save(inputs);
    const { value, gradFunc } = f(...inputs);
    return { value, gradFunc: (dy: R, saved: tf.Tensor[]) => gradFunc(dy, saved as A) };
  }) as never) as unknown as (...inputs: A) => R;
}
