/**
 * clockpizza's library API: read a checkpoint, measure it, audit it against the theory.
 * The command line (src/cli/) and the vitest matchers (clockpizza/vitest) are built on these.
 */
export { ClockpizzaError } from './errors.js';
export type { Tensor, TensorMap, DType } from './io/tensor.js';
export { readCheckpointFile } from './io/checkpoint-file.js';
export { readPt } from './io/pt.js';
export { readSafetensors, writeSafetensors } from './io/safetensors.js';
export { findSidecar, readSidecar, type Sidecar } from './io/sidecar.js';
export type { Network, Matrix, Triple } from './model/network.js';
export { loadCheckpoint, networkFromTensors, type LoadedCheckpoint, type LoadOptions } from './model/load.js';
export * from './metrics/index.js';
export * from './oracle/index.js';
export { auditCheckpoint, type AuditOptions } from './audit/audit.js';
export { auditNetwork, validateReport, type AuditReport } from './audit/report.js';
export { loadRules } from './audit/rules.js';
export { decideVerdict } from './audit/verdict.js';
export { checkGoldenFile } from './golden/check.js';
export { train, trainMany, type TrainOptions } from './train/index.js';
export { readPopulation, selectRuns } from './sweep/population.js';
export { readDynamics, isStable, defaultStopRule, recorderFor, type Dynamics, type Snapshot, type StopRule } from './dynamics/index.js';
export { referenceDir, hasReference } from './reference.js';
export { boundaryIntervals, type BoundaryReport, type CrossingInterval } from './sweep/boundary-interval.js';
export { loadClaims, type ClaimsFile } from './claims/claims-file.js';
export { checkClaims, formatClaimsCheck, type ClaimsCheck } from './claims/check.js';
