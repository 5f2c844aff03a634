import type { Architecture } from './architecture.js';

/**
 * A reference-format sidecar (`config_<runid>.json` keys) describing an architecture: what
 * `convert` writes when the input had no sidecar, and what `loadCheckpoint` reports for files
 * that never had one (TransformerLens state dicts). Assumptions made on the way are kept.
 */
export function sidecarOfArchitecture(a: Architecture): Record<string, unknown> {
  const raw: Record<string, unknown> =
    a.family === 'mlp'
      ? { C: a.p, model_type: a.modelType, n_vocab: a.nVocab, d_model: a.dHidden, d_hidden: a.dHidden }
      : {
          C: a.p,
          n_layers: a.nLayers,
          n_heads: a.nHeads,
          d_model: a.dModel,
          act_fn: a.actFn,
          attn_coeff: a.attnCoeff,
          diff_vocab: a.diffVocab,
          eqn_sign: a.eqnSign,
          ...(a.layout === 'transformer-lens' ? { layout: 'transformer-lens' } : {}),
        };
  if (a.assumptions.length > 0) raw['clockpizza_assumptions'] = [...a.assumptions];
  return raw;
}
