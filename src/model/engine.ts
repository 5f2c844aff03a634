import { tf } from './backend.js';

/**
 * tfjs for synchronous use. Networks compute synchronously (the Network contract), but the
 * wasm backend initialises asynchronously: callers `await tensorEngine()` once first
 * (loadCheckpoint does). Failing loudly here beats tfjs's silent fallback or obscure message.
 */
export function engineNow(): typeof tf {
  const name = process.env['CLOCKPIZZA_BACKEND'] ?? 'wasm';
  if (tf.findBackend(name) == null) {
    throw new Error(`clockpizza: the tensor engine (${name}) is not ready: await tensorEngine() before running a network`);
  }
  return tf;
}
