import { blameFile, ClockpizzaError } from '../errors.js';
import { readCheckpointFile, type CheckpointFormat } from '../io/checkpoint-file.js';
import { describeNonFinite, firstNonFinite, type NonFinite } from '../io/non-finite.js';
import { findSidecar, readSidecar, sidecarOfConfig, type Sidecar } from '../io/sidecar.js';
import type { TensorMap } from '../io/tensor.js';
import type { Architecture } from './architecture.js';
import { sidecarOfArchitecture } from './architecture-sidecar.js';
import { tensorEngine } from './backend.js';
import { buildModel } from './build.js';
import type { Network } from './network.js';

export { networkFromTensors, buildModel } from './build.js';

export interface LoadedCheckpoint {
  path: string;
  sha256: string;
  format: CheckpointFormat;
  tensors: TensorMap;
  /** The sidecar read from disk, or one synthesised from the architecture when there was none. */
  sidecar: Sidecar;
  sidecarSynthesised: boolean;
  architecture: Architecture;
  network: Network;
  /** The first NaN or ±Infinity among the weights (only when loaded with `allowNonFinite`). */
  nonFinite?: NonFinite;
}

export interface LoadOptions {
  /** --config: the sidecar's path (else found next to the checkpoint). */
  config?: string;
  /** --attn: the attention rate α, overriding the sidecar's attn_coeff. */
  attn?: number;
  /** --key: the state dict's dotted path in a nested .pt checkpoint (default: `model`, `state_dict` or `model_state_dict`). */
  key?: string;
  /** Load weights holding NaN or ±Infinity (and say where) instead of refusing them; `inspect` flags them. */
  allowNonFinite?: boolean;
}

/**
 * Reads a checkpoint (.pt or safetensors, by magic bytes) and its sidecar, infers and checks the
 * architecture, and returns a ready-to-run network (the tensor engine is initialised here).
 * The sidecar is `--config` if given, else the checkpoint's own `config` dict (nested .pt
 * checkpoints), else the JSON found beside the file (findSidecar).
 */
export async function loadCheckpoint(path: string, options: LoadOptions = {}): Promise<LoadedCheckpoint> {
  await tensorEngine();
  const file = readCheckpointFile(path, options.key !== undefined ? { key: options.key } : {});
  const nonFinite = firstNonFinite(file.tensors);
  if (nonFinite !== undefined && !options.allowNonFinite) {
    throw new ClockpizzaError(`${describeNonFinite(nonFinite)}; weights must be finite (inspect shows where)`, { file: path, field: nonFinite.tensor });
  }
  const sidecar = sidecarOf(path, file.config, options.config);
  let built;
  try {
    built = buildModel(file.tensors, sidecar ?? {}, { source: path, ...(options.attn !== undefined ? { attn: options.attn } : {}) });
  } catch (error) {
    throw blameFile(path, error);
  }
  const { architecture, network } = built;
  return {
    path,
    sha256: file.sha256,
    format: file.format,
    tensors: file.tensors,
    sidecar: sidecar ?? synthesised(architecture),
    sidecarSynthesised: sidecar === undefined,
    architecture,
    network,
    ...(nonFinite !== undefined ? { nonFinite } : {}),
  };
}

function sidecarOf(path: string, embedded: Record<string, unknown> | undefined, explicit: string | undefined): Sidecar | undefined {
  if (explicit === undefined && embedded !== undefined) return sidecarOfConfig(embedded, `${path}: config`);
  const sidecarPath = findSidecar(path, explicit);
  return sidecarPath === undefined ? undefined : readSidecar(sidecarPath);
}

function synthesised(a: Architecture): Sidecar {
  const raw = sidecarOfArchitecture(a);
  const base: Sidecar = { file: '<synthesised>', p: a.p, diffVocab: a.family === 'transformer' && a.diffVocab, eqnSign: a.family === 'transformer' && a.eqnSign, raw };
  if (a.family === 'mlp') return { ...base, modelType: a.modelType, nVocab: a.nVocab, dHidden: a.dHidden, dModel: a.dHidden };
  return { ...base, nLayers: a.nLayers, dModel: a.dModel, nHeads: a.nHeads, actFn: a.actFn, attnCoeff: a.attnCoeff };
}
