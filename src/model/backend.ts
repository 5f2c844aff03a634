import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

let ready: Promise<typeof tf> | undefined;

/**
 * The tensor engine: TensorFlow.js on its WebAssembly backend (tfjs-node cannot install
 * offline). Call once before any tensor work; later calls share the same promise.
 * Set CLOCKPIZZA_BACKEND=cpu to use the pure-JS backend instead (slower, for debugging).
 */
export function tensorEngine(): Promise<typeof tf> {
  ready ??= (async () => {
    const backend = process.env['CLOCKPIZZA_BACKEND'] ?? 'wasm';
    await tf.setBackend(backend);
    await tf.ready();
    return tf;
  })();
  return ready;
}

export { tf };
