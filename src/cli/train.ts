import { resolve } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { resolveSpec, specNotes, MODEL_KINDS, type Activation, type Implementation, type ModelKind } from '../train/config.js';
import { prepareRunDir, RUN_FILES, writeRun } from '../train/outputs.js';
import { runIdOf } from '../train/sidecar.js';
import { progressReporter } from '../train/progress.js';
import { initialParams } from '../train/init.js';
import { seededSplit } from '../train/split.js';
import { runSteps } from '../train/trainer.js';
import { checkModelSize, trainedParameters, TRAINING_RANGES } from './bounds.js';
import { trainKnobOptions, trainKnobValues } from './knob-options.js';
import { loadRules } from '../audit/rules.js';
import { dynamicsSettings, recorderFor } from '../dynamics/settings.js';
import { defineCommand } from './command.js';
import { DYNAMICS_OPTIONS } from './dynamics-options.js';
import { checkOutputName } from './output-paths.js';

export const command = defineCommand({
  name: 'train',
  summary:
    'Train a model with the reference semantics (AdamW 0.9/0.98, wd 2, lr 1e-3 with 10-step warm-up, full batch over a seeded 80 % split; every knob settable, recorded in the sidecar under the reference config key). ' +
    `Writes ${Object.values(RUN_FILES).join(', ')} to DIR (weights last).`,
  usage:
    'clockpizza train --attn A [--width D] [--layers L] [--act relu|gelu] [--model transformer|mlp-A|…] [--seed S] [--steps N] ' +
    '[--p P] [--heads H] [--d-head DH] [--d-mlp DM] [--lr LR] [--weight-decay WD] [--betas B1,B2] [--warmup N] [--frac F] [--batch B] [--diff-vocab] [--eqn-sign] [--out DIR] [--force] ' +
    '[--audit-every K [--rule F]] [--stop-when-stable [--stable-window W] [--stable-tolerance T]]',
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
    ...trainKnobOptions(),
    ...DYNAMICS_OPTIONS,
    rule: { type: 'string', placeholder: 'F', description: 'verdict rule of the audits: paper (default), fourier, or a rule file' },
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
      ...trainKnobValues(o),
    });
    if (spec.model === 'transformer') checkModelSize(spec.width, spec.layers, trainedParameters(spec));
    // (not silenced by --quiet: a fallback or a composite modulus changes what the run means or costs)
    for (const note of specNotes(spec, (o.implementation ?? 'auto') as Implementation)) process.stderr.write(`clockpizza train: note: ${note}\n`);
    const curveEvery = o['curve-every'] ?? 1;
    if (o.out !== undefined) checkOutputName(o.out, '--out');
    const settings = dynamicsSettings(o);
    if (o.rule !== undefined && settings === undefined) throw new ClockpizzaError('goes with --audit-every (the verdicts of the audits)', { field: '--rule' });
    const rules = settings === undefined ? undefined : loadRules(o.rule);
    const out = resolve(o.out ?? `out/${runIdOf(spec)}`);
    prepareRunDir(out, o.force ?? false);
    const split = seededSplit(spec.seed, spec.p, spec.frac);
    const { params, buffers } = initialParams(spec);
    const label = `${spec.model}${spec.model === 'transformer' ? ` α=${spec.attn} d=${spec.width} L=${spec.layers} H=${spec.nHeads}` : ` h=${spec.width}`} p=${spec.p} seed ${spec.seed} (${spec.implementation})`;
    if (!o.quiet) process.stderr.write(`training ${label} for ${spec.steps} steps → ${out}\n`);
    const recorder = settings && rules && recorderFor(settings, spec, buffers, rules);
    const { curve, elapsedMs, stoppedAt } = await runSteps(spec, params, split, o.quiet ? undefined : progressReporter(process.stderr), undefined, recorder);
    // the progress bar ends its line only at the last step; a stopped run ends it here
    if (stoppedAt !== undefined && !o.quiet && process.stderr.isTTY) process.stderr.write('\n');
    writeRun(out, { spec, split, params, buffers, curve, elapsedMs, ...(stoppedAt !== undefined ? { stoppedAt } : {}) }, curveEvery, recorder?.text());
    const taken = stoppedAt ?? spec.steps;
    const last = curve[curve.length - 1];
    const stopped = stoppedAt !== undefined ? ` (stopped when stable, of ${spec.steps})` : '';
    console.log(`${out}: ${taken} steps${stopped} in ${(elapsedMs / 1000).toFixed(1)} s${last ? `, train loss ${last.trainLoss.toPrecision(4)}, test acc ${last.testAcc.toFixed(4)} (before the last update)` : ''}`);
    if (recorder) {
      const verdict = recorder.snapshots[recorder.snapshots.length - 1]?.verdict.algorithm;
      console.log(`${recorder.snapshots.length} audits in ${(recorder.auditMs / 1000).toFixed(1)} s (${((100 * recorder.auditMs) / elapsedMs).toFixed(1)} % of the run), last verdict ${verdict}`);
    }
    return 0;
  },
});
