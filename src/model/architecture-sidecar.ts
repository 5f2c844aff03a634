import type { Architecture } from './architecture.js';
import { familyOf } from './families/index.js';

/**
 * A reference-format sidecar (`config_<runid>.json` keys, as the architecture's family names them)
 * describing an architecture: what `convert` writes when the input had no sidecar, and what
 * `loadCheckpoint` reports for files that never had one (TransformerLens state dicts).
 * Assumptions made on the way are kept.
 */
export function sidecarOfArchitecture(a: Architecture): Record<string, unknown> {
  const raw = familyOf(a).sidecarFields(a);
  if (a.assumptions.length > 0) raw['clockpizza_assumptions'] = [...a.assumptions];
  return raw;
}
