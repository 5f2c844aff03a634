/** Audits during training (`train --audit-every`), the stop rule (`--stop-when-stable`) and its calibration. */
export { readDynamics, parseDynamics, type Dynamics } from './dynamics-file.js';
export type { DynamicsHeader, Snapshot } from './snapshot.js';
export { isStable, firstStableIndex, defaultStopRule, discriminatingMetrics, type StopRule } from './stop-rule.js';
export { DynamicsRecorder } from './recorder.js';
export { dynamicsSettings, recorderFor, type DynamicsSettings } from './settings.js';
export { calibrate, calibrationTable, type RuleCalibration } from './calibration.js';
