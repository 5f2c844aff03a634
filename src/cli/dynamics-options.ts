import { DEFAULT_AUDIT_EVERY } from '../dynamics/settings.js';
import { DEFAULT_STOP_TOLERANCE, DEFAULT_STOP_WINDOW, discriminatingMetrics, STOP_MIN_TEST_ACCURACY } from '../dynamics/stop-rule.js';
import { OPTIONAL_RUN_FILES } from '../train/outputs.js';
import { TRAINING_RANGES } from './bounds.js';
import type { OptionSpec } from './command.js';

/** The options of audits during training and the early stop: one table, shared by `train` and `sweep`. */
export const DYNAMICS_OPTIONS = {
  'audit-every': {
    type: 'string',
    placeholder: 'K',
    description: `audit the weights every K steps and after the last (accuracies, losses, every metric, the verdict) into ${OPTIONAL_RUN_FILES.dynamics} beside the weights`,
    range: { integer: true, min: 1, max: TRAINING_RANGES.steps.max },
  },
  'stop-when-stable': {
    type: 'boolean',
    description: `stop at an audit once the last W audits all have test accuracy ≥ ${STOP_MIN_TEST_ACCURACY}, one verdict, and ${discriminatingMetrics().join(', ')} each within T (implies --audit-every ${DEFAULT_AUDIT_EVERY})`,
  },
  'stable-window': { type: 'string', placeholder: 'W', description: `with --stop-when-stable: audits that must agree (default ${DEFAULT_STOP_WINDOW})`, range: { integer: true, min: 2, max: 100_000 } },
  'stable-tolerance': {
    type: 'string',
    placeholder: 'T',
    description: `with --stop-when-stable: largest max − min of each metric over them (default ${DEFAULT_STOP_TOLERANCE})`,
    range: { integer: false, min: 0, max: 1 },
  },
} as const satisfies Record<string, OptionSpec>;
