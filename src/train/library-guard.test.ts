import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensorEngine, tf } from '../model/backend.js';
import { repoRoot } from '../reference.js';
import { fastMatMul } from './fast-matmul.js';
import { KERNELS_WASM } from './kernels/kernels.js';
import { COLUMN_DOTS_WASM } from '../neurons/column-dots.js';
import { ROWS_TIMES_WASM } from '../neurons/dense.js';
import { Prng } from './prng.js';

const require = createRequire(import.meta.url);

/**
 * The fast step leans on measured behaviour of tfjs-wasm 4.22.0 (only 2-D untransposed matMul
 * is fast; its operator cache is keyed by the second operand's id; slices and transposes are
 * fresh tensors). These tests fail loudly when the library under it changes.
 */
describe('what the fast step relies on', () => {
  it('tfjs and its wasm backend are exactly 4.22.0 (re-measure and re-check the fast step before bumping)', () => {
    for (const pkg of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core']) {
      const version = (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
      expect({ pkg, version }).toEqual({ pkg, version: '4.22.0' });
    }
  });

  it('fastMatMul and its gradients equal the float64 products, step after step with fresh operands', async () => {
    await tensorEngine();
    const r = new Prng(1, 'guard');
    const rand = (n: number) => Float32Array.from({ length: n }, () => r.normal());
    for (const [m, k, n] of [[7, 5, 3], [3, 5, 7], [59, 32, 59], [40, 9, 2]] as const) {
      for (let rep = 0; rep < 2; rep++) {
        const a = rand(m * k);
        const b = rand(k * n);
        const dy = rand(m * n);
        const at = tf.tensor2d(a, [m, k]);
        const bt = tf.tensor2d(b, [k, n]);
        const value = fastMatMul(at, bt).dataSync();
        const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => fastMatMul(x as tf.Tensor2D, y as tf.Tensor2D))([at, bt], tf.tensor2d(dy, [m, n]));
        const daData = da!.dataSync();
        const dbData = db!.dataSync();
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * n + j]!;
          expect(value[i * n + j]).toBeCloseTo(s, 4);
        }
        for (let i = 0; i < m; i++) for (let t = 0; t < k; t++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += dy[i * n + j]! * b[t * n + j]!;
          expect(daData[i * k + t]).toBeCloseTo(s, 4);
        }
        for (let t = 0; t < k; t++) for (let j = 0; j < n; j++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += a[i * k + t]! * dy[i * n + j]!;
          expect(dbData[t * n + j]).toBeCloseTo(s, 4);
        }
        tf.dispose([at, bt, da!, db!]);
      }
    }
  });

  it.each([
    [KERNELS_WASM, 'src/train/kernels/kernels.as'],
    [COLUMN_DOTS_WASM, 'src/neurons/column-dots.as'],
    [ROWS_TIMES_WASM, 'src/neurons/rows-times.as'],
  ])('the compiled kernels %s are not older than their source %s (run `npm run build` after editing it)', (compiled, source) => {
    expect(statSync(resolve(repoRoot(), compiled)).mtimeMs).toBeGreaterThanOrEqual(statSync(resolve(repoRoot(), source)).mtimeMs);
  });
});
