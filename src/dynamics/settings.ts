import type { Rules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import type { TensorMap } from '../io/tensor.js';
import type { TrainSpec } from '../train/config.js';
import { DynamicsRecorder } from './recorder.js';
import { defaultStopRule, DEFAULT_STOP_TOLERANCE, DEFAULT_STOP_WINDOW } from './stop-rule.js';

/**
 * What `--audit-every`, `--stop-when-stable`, `--stable-window` and `--stable-tolerance` ask
 * for, as plain data (a sweep records it in its plan and hands it to its worker threads).
 */
export interface DynamicsSettings {
  auditEvery: number;
  /** Present with --stop-when-stable. */
  stop?: { window: number; tolerance: number };
}

/** K when --stop-when-stable is given without --audit-every: 80 snapshots in 20,000 steps. */
export const DEFAULT_AUDIT_EVERY = 250;

/** The four options as the train and sweep commands parse them (src/cli/dynamics-options.ts checks the ranges). */
export interface DynamicsOptions {
  'audit-every'?: number;
  'stop-when-stable'?: boolean;
  'stable-window'?: number;
  'stable-tolerance'?: number;
}

/** The settings the options ask for; undefined when they ask for no audits. */
export function dynamicsSettings(options: DynamicsOptions): DynamicsSettings | undefined {
  const every = options['audit-every'];
  const window = options['stable-window'];
  const tolerance = options['stable-tolerance'];
  if (!options['stop-when-stable']) {
    if (window !== undefined) throw new ClockpizzaError('goes with --stop-when-stable', { field: '--stable-window' });
    if (tolerance !== undefined) throw new ClockpizzaError('goes with --stop-when-stable', { field: '--stable-tolerance' });
    return every === undefined ? undefined : { auditEvery: every };
  }
  return { auditEvery: every ?? DEFAULT_AUDIT_EVERY, stop: { window: window ?? DEFAULT_STOP_WINDOW, tolerance: tolerance ?? DEFAULT_STOP_TOLERANCE } };
}

/** The recorder a training run with these settings audits with. */
export function recorderFor(settings: DynamicsSettings, spec: TrainSpec, buffers: TensorMap, rules: Rules): DynamicsRecorder {
  return new DynamicsRecorder(spec, buffers, settings.auditEvery, rules, settings.stop && defaultStopRule(settings.stop));
}
