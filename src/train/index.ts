/** Training with the reference's semantics (METRICS.md §6), seeded, with a fast factorised step. */
export { train, runSteps, makeEngine, type TrainResult, type TrainProgress, type CurveRow, type ProgressCallback } from './trainer.js';
export { resolveSpec, MODEL_KINDS, type TrainOptions, type TrainSpec, type ModelKind, type Activation, type Implementation } from './config.js';
export { trainMany, type TrainJob, type TrainSummary, type TrainManyOptions } from './pool.js';
export { writeRun, prepareRunDir, RUN_FILES } from './outputs.js';
export { sidecarOf, runIdOf, trainOptionsOf } from './sidecar.js';
export { KNOBS, type KnobOptions, type KnobName } from './knobs.js';
export { seededSplit, type Split } from './split.js';
export { initialParams } from './init.js';
export { Prng } from './prng.js';
export { AdamW, transformerAdamW, mlpAdamW, adamWOf } from './adamw.js';
export { progressReporter } from './progress.js';
