import type { TensorMap } from '../io/tensor.js';
import { inferArchitecture, type Architecture, type InferOptions, type ModelConfig } from './architecture.js';
import { MlpOnlyNetwork } from './mlp-only.js';
import type { Network } from './network.js';
import { TransformerNetwork } from './transformer.js';

/**
 * Tensors + sidecar → architecture and runnable network. The one code path for files read from
 * disk, constructed weight-level networks and freshly trained ones. Call `await tensorEngine()`
 * before running the network. Typed as the Network interface: the concrete classes hold
 * TensorFlow.js tensors, whose types must stay out of the public declarations (issue 18.3).
 */
export function buildModel(tensors: TensorMap, config: ModelConfig, options: InferOptions = {}): { architecture: Architecture; network: Network } {
  const architecture = inferArchitecture(tensors, config, options);
  const network = architecture.family === 'mlp' ? MlpOnlyNetwork.fromTensors(tensors, architecture) : TransformerNetwork.fromTensors(tensors, architecture);
  return { architecture, network };
}

/** The network alone: see buildModel. */
export function networkFromTensors(tensors: TensorMap, config: ModelConfig, source = '<memory>', options: Omit<InferOptions, 'source'> = {}): Network {
  return buildModel(tensors, config, { ...options, source }).network;
}
