import { resolve } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { resolveSpec, MODEL_KINDS, type Activation, type Implementation, type ModelKind } from '../train/config.js';
import { prepareRunDir, RUN_FILES, runIdOf, writeRun } from '../train/outputs.js';
import { progressReporter } from '../train/progress.js';
import { initialParams } from '../train/init.js';
import { seededSplit } from '../train/split.js';
import { runSteps } from '../train/trainer.js';
import { checkModelSize, TRAINING_RANGES } from './bounds.js';
import { defineCommand } from './command.js';
import { checkOutputName } from './output-paths.js';

export const command = defineCommand({
  name: 'train',
  summary:
    'Train a model with the reference semantics (AdamW 0.9/0.98, wd 2, lr 1e-3 with 10-step warm-up, full batch over a seeded 80 % split). ' +
    `Writes ${Object.values(RUN_FILES).join(', ')} to DIR (weights last).`,
  usage: 'clockpizza train --attn A [--width D] [--layers L] [--act relu|gelu] [--model transformer|mlp-A|…] [--seed S] [--steps N] [--out DIR] [--force]',
  options: {
    attn: { type: 'string', placeholder: 'A', description: 'attention rate α (transformers; required)', range: TRAINING_RANGES.attn },
    width: { type: 'string', placeholder: 'D', description: 'd_model (transformer, default 128) or d_hidden (MLP-only, default 256)', range: TRAINING_RANGES.width },
    layers: { type: 'string', placeholder: 'L', description: 'transformer layers (default 1)', range: TRAINING_RANGES.layers },
    act: { type: 'string', placeholder: 'relu|gelu', description: 'MLP activation (default relu)' },
    model: { type: 'string', placeholder: 'KIND', description: `${MODEL_KINDS.join(' | ')} (default transformer)` },
    seed: { type: 'string', placeholder: 'S', description: 'seed of split and init (default: random, recorded)', range: TRAINING_RANGES.seed },
    steps: { type: 'string', placeholder: 'N', description: 'optimizer steps (default 20000)', range: TRAINING_RANGES.steps },
    out: { type: 'string', placeholder: 'DIR', description: 'output directory (default out/<runid>)' },
    force: { type: 'boolean', description: 'overwrite a run already in DIR' },
    implementation: { type: 'string', placeholder: 'auto|fast|straightforward', description: 'transformer step (default auto: fast for 1 layer)' },
    'curve-every': { type: 'string', placeholder: 'K', description: 'write every K-th step to curve.csv (default 1)', range: { integer: true, min: 1, max: TRAINING_RANGES.steps.max } },
    quiet: { type: 'boolean', short: 'q', description: 'no progress output' },
  },
  async run(positionals, o) {
    if (positionals.length > 0) throw new ClockpizzaError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const act = o.act?.toLowerCase();
    const spec = resolveSpec({
      ...(o.attn !== undefined ? { attn: o.attn } : {}),
      ...(o.width !== undefined ? { width: o.width } : {}),
      ...(o.layers !== undefined ? { layers: o.layers } : {}),
      ...(act !== undefined ? { act: act as Activation } : {}),
      ...(o.model !== undefined ? { model: o.model as ModelKind } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.steps !== undefined ? { steps: o.steps } : {}),
      ...(o.implementation !== undefined ? { implementation: o.implementation as Implementation } : {}),
    });
    if (spec.model === 'transformer') checkModelSize(spec.width, spec.layers);
    const curveEvery = o['curve-every'] ?? 1;
    if (o.out !== undefined) checkOutputName(o.out, '--out');
    const out = resolve(o.out ?? `out/${runIdOf(spec)}`);
    prepareRunDir(out, o.force ?? false);
    const split = seededSplit(spec.seed, spec.p, spec.frac);
    const { params, buffers } = initialParams(spec);
    const label = `${spec.model}${spec.model === 'transformer' ? ` α=${spec.attn} d=${spec.width} L=${spec.layers}` : ` h=${spec.width}`} seed ${spec.seed} (${spec.implementation})`;
    if (!o.quiet) process.stderr.write(`training ${label} for ${spec.steps} steps → ${out}\n`);
    const { curve, elapsedMs } = await runSteps(spec, params, split, o.quiet ? undefined : progressReporter(process.stderr));
    writeRun(out, { spec, split, params, buffers, curve, elapsedMs }, curveEvery);
    const last = curve[curve.length - 1];
    console.log(`${out}: ${spec.steps} steps in ${(elapsedMs / 1000).toFixed(1)} s${last ? `, train loss ${last.trainLoss.toPrecision(4)}, test acc ${last.testAcc.toFixed(4)} (before the last update)` : ''}`);
    return 0;
  },
});
