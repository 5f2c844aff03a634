import { resolve } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { resolveSpec, MODEL_KINDS, type Activation, type Implementation, type ModelKind } from '../train/config.js';
import { prepareRunDir, RUN_FILES, runIdOf, writeRun } from '../train/outputs.js';
import { progressReporter } from '../train/progress.js';
import { initialParams } from '../train/init.js';
import { seededSplit } from '../train/split.js';
import { runSteps } from '../train/trainer.js';
import { defineCommand, numberOption } from './command.js';
import { loadRules } from '../audit/rules.js';
import { dynamicsSettings, recorderFor } from '../dynamics/settings.js';
import { DEFAULT_STOP_TOLERANCE, DEFAULT_STOP_WINDOW, discriminatingMetrics, STOP_MIN_TEST_ACCURACY } from '../dynamics/stop-rule.js';
import { OPTIONAL_RUN_FILES } from '../train/outputs.js';

export const command = defineCommand({
  name: 'train',
  summary:
    'Train a model with the reference semantics (AdamW 0.9/0.98, wd 2, lr 1e-3 with 10-step warm-up, full batch over a seeded 80 % split). ' +
    `Writes ${Object.values(RUN_FILES).join(', ')} to DIR (weights last).`,
  usage:
    'clockpizza train --attn A [--width D] [--layers L] [--act relu|gelu] [--model transformer|mlp-A|…] [--seed S] [--steps N] [--out DIR] [--force] ' +
    '[--audit-every K [--rule F]] [--stop-when-stable [--stable-window W] [--stable-tolerance T]]',
  options: {
    attn: { type: 'string', placeholder: 'A', description: 'attention rate α in [0, 1] (transformers; required)' },
    width: { type: 'string', placeholder: 'D', description: 'd_model (transformer, default 128) or d_hidden (MLP-only, default 256)' },
    layers: { type: 'string', placeholder: 'L', description: 'transformer layers (default 1)' },
    act: { type: 'string', placeholder: 'relu|gelu', description: 'MLP activation (default relu)' },
    model: { type: 'string', placeholder: 'KIND', description: `${MODEL_KINDS.join(' | ')} (default transformer)` },
    seed: { type: 'string', placeholder: 'S', description: 'seed of split and init (default: random, recorded)' },
    steps: { type: 'string', placeholder: 'N', description: 'optimizer steps (default 20000)' },
    out: { type: 'string', placeholder: 'DIR', description: 'output directory (default out/<runid>)' },
    force: { type: 'boolean', description: 'overwrite a run already in DIR' },
    implementation: { type: 'string', placeholder: 'auto|fast|straightforward', description: 'transformer step (default auto: fast for 1 layer)' },
    'curve-every': { type: 'string', placeholder: 'K', description: 'write every K-th step to curve.csv (default 1)' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress output' },
    'audit-every': { type: 'string', placeholder: 'K', description: `audit the weights every K steps and after the last (accuracies, losses, every metric, the verdict) into DIR/${OPTIONAL_RUN_FILES.dynamics}` },
    rule: { type: 'string', placeholder: 'F', description: 'verdict rule file of the audits (default spec/rules/paper.json)' },
    'stop-when-stable': {
      type: 'boolean',
      description: `stop at an audit once the last W audits all have test accuracy ≥ ${STOP_MIN_TEST_ACCURACY}, one verdict, and ${discriminatingMetrics().join(', ')} each within T (implies --audit-every 250)`,
    },
    'stable-window': { type: 'string', placeholder: 'W', description: `audits that must agree (default ${DEFAULT_STOP_WINDOW})` },
    'stable-tolerance': { type: 'string', placeholder: 'T', description: `largest max − min of each metric over them (default ${DEFAULT_STOP_TOLERANCE})` },
  },
  async run(positionals, o) {
    if (positionals.length > 0) throw new ClockpizzaError(`unexpected argument ${JSON.stringify(positionals[0])}`, { field: 'clockpizza train' });
    const act = o.act?.toLowerCase();
    const spec = resolveSpec({
      ...(o.attn !== undefined ? { attn: numberOption(o.attn, 'attn')! } : {}),
      ...(o.width !== undefined ? { width: numberOption(o.width, 'width')! } : {}),
      ...(o.layers !== undefined ? { layers: numberOption(o.layers, 'layers')! } : {}),
      ...(act !== undefined ? { act: act as Activation } : {}),
      ...(o.model !== undefined ? { model: o.model as ModelKind } : {}),
      ...(o.seed !== undefined ? { seed: numberOption(o.seed, 'seed')! } : {}),
      ...(o.steps !== undefined ? { steps: numberOption(o.steps, 'steps')! } : {}),
      ...(o.implementation !== undefined ? { implementation: o.implementation as Implementation } : {}),
    });
    const curveEvery = numberOption(o['curve-every'], 'curve-every', (k) => (Number.isSafeInteger(k) && k >= 1 ? undefined : `must be a positive integer, got ${k}`)) ?? 1;
    const settings = dynamicsSettings(o);
    if (o.rule !== undefined && settings === undefined) throw new ClockpizzaError('goes with --audit-every (the verdicts of the audits)', { field: '--rule' });
    const rules = settings === undefined ? undefined : loadRules(o.rule);
    const out = resolve(o.out ?? `out/${runIdOf(spec)}`);
    prepareRunDir(out, o.force ?? false);
    const split = seededSplit(spec.seed, spec.p, spec.frac);
    const { params, buffers } = initialParams(spec);
    const label = `${spec.model}${spec.model === 'transformer' ? ` α=${spec.attn} d=${spec.width} L=${spec.layers}` : ` h=${spec.width}`} seed ${spec.seed} (${spec.implementation})`;
    if (!o.quiet) process.stderr.write(`training ${label} for ${spec.steps} steps → ${out}\n`);
    const recorder = settings && rules && recorderFor(settings, spec, buffers, rules);
    const { curve, elapsedMs, stoppedAt } = await runSteps(spec, params, split, o.quiet ? undefined : progressReporter(process.stderr), undefined, recorder);
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
