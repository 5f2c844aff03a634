import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { writePt } from '../../src/io/pt-writer.js';
import { firstNonFinite } from '../../src/io/non-finite.js';
import { loadCheckpoint } from '../../src/model/load.js';
import { randomReferenceTransformer } from '../../src/model/random-weights.js';

// Issue 18 item 16: with non-finite weights, `inspect` exited 0 printing `norm NaN` and an
// accuracy computed from NaN logits, and `audit` failed after seconds with a message about its
// own report schema. Loading now refuses them naming the tensor and the first bad index;
// `inspect` flags them instead.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-16-'));
let file: string;
beforeAll(() => {
  const tensors = randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 1 });
  const w = tensors.get('blocks.0.mlp.W_in')!;
  expect(w.shape[1]).toBe(8);
  (w.data as Float32Array)[3 * 8 + 5] = Number.NaN;
  (w.data as Float32Array)[4 * 8] = Number.POSITIVE_INFINITY;
  file = join(dir, 'model_bad.pt');
  writePt(file, tensors);
  writeFileSync(join(dir, 'config_bad.json'), JSON.stringify({ C: 7, n_layers: 1, n_heads: 2, d_model: 8, act_fn: 'ReLU', attn_coeff: 1 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const where = 'blocks.0.mlp.W_in: holds NaN at [3, 5] (2 non-finite values in all)';

describe('issue 18.16: non-finite weights', () => {
  it('finds the first bad element by its row-major index, and counts them all', () => {
    const t = new Map([['a', { dtype: 'F32' as const, shape: [2], data: Float32Array.from([1, 2]) }], ['b', { dtype: 'F64' as const, shape: [2, 3], data: Float64Array.from([0, 0, 0, 0, -Infinity, NaN]) }]]);
    expect(firstNonFinite(t)).toEqual({ tensor: 'b', index: [1, 1], value: -Infinity, count: 2 });
    expect(firstNonFinite(new Map([['a', t.get('a')!]]))).toBeUndefined();
    // F16 bits 0x7e00 are NaN; integers are never flagged.
    expect(firstNonFinite(new Map([['h', { dtype: 'F16' as const, shape: [2], data: Uint16Array.from([0x3c00, 0x7e00]) }]]))).toMatchObject({ index: [1], count: 1 });
  });

  it('loading refuses them, naming the file, the tensor and the index', async () => {
    await expect(loadCheckpoint(file)).rejects.toThrow(`${file}: ${where}; weights must be finite (inspect shows where)`);
  });

  it('audit: exit 2 with that message, not a report-schema error', async () => {
    const run = await runCli(['audit', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`clockpizza audit: ${file}: ${where}; weights must be finite (inspect shows where)\n`);
  });

  it('inspect flags them: a warning, no NaN norm or accuracy', async () => {
    const text = await runCli(['inspect', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('norm ‖θ‖      not computed: weights not finite\n');
    expect(text.stdout).toContain('accuracy      not computed: weights not finite\n');
    expect(text.stdout).toContain(`warning       weights are not finite: ${where.replace(':', '')}; audit, report and golden refuse this checkpoint`);
    expect(text.stdout).not.toMatch(/NaN\s*$/m);
    const json = JSON.parse((await runCli(['inspect', file, '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ parameterNorm: null, accuracy: null, nonFinite: { tensor: 'blocks.0.mlp.W_in', index: [3, 5], count: 2 } });
  });
});
