/**
 * Builds fixtures/progress-measures/model.pt: a small constructed transformer in the layout of
 * Nanda et al.'s progress-measures code (p = 113, d_model 24, 4 heads, d_mlp 96, one layer),
 * saved the way that code and most grokking repositories save checkpoints: a nested dict with
 * the state dict under `model`, an optimizer entry (Double and Long storages), a scheduler,
 * lists of losses and a plain `config` dict. Constructed, not trained: the token embedding puts
 * a, b on three circles (frequencies 14, 35, 41 of radii 1, 0.8, 0.6, plus a little noise) and
 * every other weight is seeded noise, so the metrics are defined and non-trivial without a
 * trainer for this layout. Deterministic: a test checks the committed file against
 * `progressMeasuresFixture()`.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/make-progress-measures-fixture.js
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { encodePtValue, type PtValue } from '../src/io/pt-writer.js';
import type { TensorMap } from '../src/io/tensor.js';
import { randomProgressMeasuresTransformer } from '../src/model/random-weights.js';
import { repoRoot } from '../src/reference.js';
import { mulberry32, standardNormal } from '../src/stats/rng.js';

export const PROGRESS_MEASURES_FIXTURE = 'fixtures/progress-measures/model.pt';

export const FIXTURE_DIMS = { p: 113, d: 24, heads: 4, layers: 1, dMlp: 96 } as const;
const FREQUENCIES = [14, 35, 41];
const RADII = [1, 0.8, 0.6];

/** The state dict: seeded noise, with the embedding columns of tokens 0..p−1 on three circles. */
export function progressMeasuresStateDict(): TensorMap {
  const { p, d } = FIXTURE_DIMS;
  const tensors = randomProgressMeasuresTransformer({ ...FIXTURE_DIMS, seed: 113, scale: 0.5 });
  const embed = tensors.get('embed.W_E')!;
  const V = p + 1;
  const random = mulberry32(7);
  const data = Float32Array.from(embed.data as Float32Array);
  for (let t = 0; t < p; t++) {
    for (let i = 0; i < d; i++) data[i * V + t] = 0.05 * standardNormal(random);
    FREQUENCIES.forEach((f, k) => {
      data[2 * k * V + t] += RADII[k]! * Math.cos((2 * Math.PI * f * t) / p);
      data[(2 * k + 1) * V + t] += RADII[k]! * Math.sin((2 * Math.PI * f * t) / p);
    });
  }
  tensors.set('embed.W_E', { ...embed, data });
  return tensors;
}

/** The config dict as the progress-measures code writes it (plain values). */
export const FIXTURE_CONFIG: [string, PtValue][] = [
  ['lr', { float: 1e-3 }], ['weight_decay', { float: 1 }], ['p', FIXTURE_DIMS.p], ['d_model', FIXTURE_DIMS.d], ['fn_name', 'add'],
  ['frac_train', { float: 0.3 }], ['num_epochs', 50000], ['seed', 0], ['num_layers', 1], ['batch_style', 'full'],
  ['d_vocab', FIXTURE_DIMS.p + 1], ['n_ctx', 3], ['d_mlp', FIXTURE_DIMS.dMlp], ['num_heads', FIXTURE_DIMS.heads],
  ['d_head', FIXTURE_DIMS.d / FIXTURE_DIMS.heads], ['act_type', 'ReLU'], ['use_ln', false],
];

/** The file's bytes: `{'model', 'optimizer', 'scheduler', 'train_losses', 'test_losses', 'epoch', 'config'}`. */
export function progressMeasuresFixture(): Uint8Array {
  const model = progressMeasuresStateDict();
  const bOut = model.get('blocks.0.mlp.b_out')!;
  const moment = (scale: number): PtValue => ({ tensor: { dtype: 'F64', shape: bOut.shape, data: Float64Array.from(bOut.data as Float32Array, (x) => scale * x) } });
  const step: PtValue = { tensor: { dtype: 'I64', shape: [], data: BigInt64Array.of(1000n) } };
  const state: PtValue = { dict: [[0, { dict: [['step', step], ['exp_avg', moment(1e-3)], ['exp_avg_sq', moment(1e-6)]] }]] };
  const group: PtValue = {
    dict: [
      ['lr', { float: 1e-3 }], ['betas', { tuple: [{ float: 0.9 }, { float: 0.98 }] }], ['eps', { float: 1e-8 }], ['weight_decay', { float: 1 }],
      ['amsgrad', false], ['foreach', null], ['params', { list: Array.from({ length: model.size - 1 }, (_, i) => i) }],
    ],
  };
  const optimizer: PtValue = { dict: [['state', state], ['param_groups', { list: [group] }]] };
  const losses = (start: number): PtValue => ({ list: Array.from({ length: 10 }, (_, i) => ({ float: start * Math.exp(-i / 3) })) });
  return encodePtValue({
    dict: [
      ['model', { stateDict: model }],
      ['optimizer', optimizer],
      ['scheduler', { dict: [['base_lrs', { list: [{ float: 1e-3 }] }], ['last_epoch', 1000], ['_step_count', 1001], ['lr_lambdas', { list: [null] }]] }],
      ['train_losses', losses(4.7)],
      ['test_losses', losses(4.8)],
      ['epoch', 1000],
      ['config', { dict: FIXTURE_CONFIG }],
    ],
  }, PROGRESS_MEASURES_FIXTURE);
}

function main(): void {
  const path = resolve(repoRoot(), PROGRESS_MEASURES_FIXTURE);
  mkdirSync(dirname(path), { recursive: true });
  const bytes = progressMeasuresFixture();
  writeFileAtomic(path, bytes);
  console.log(`${PROGRESS_MEASURES_FIXTURE}  ${bytes.length} bytes`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
