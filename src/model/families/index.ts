import { ClockpizzaError, InternalError } from '../../errors.js';
import type { TensorMap } from '../../io/tensor.js';
import type { Architecture, InferOptions, ModelConfig } from '../architecture.js';
import { ShapeChecker } from './checks.js';
import type { ModelFamily } from './family.js';
import { mlpOnly } from './mlp-only.js';
import { progressMeasures } from './progress-measures.js';
import { referenceTransformer } from './reference-transformer.js';
import { transformerLens } from './transformer-lens.js';

/** Every layout clockpizza reads, asked in this order whether a state dict is theirs. */
export const FAMILIES: readonly ModelFamily[] = [mlpOnly, transformerLens, progressMeasures, referenceTransformer] as ModelFamily[];

/** The family of a state dict (and its config), or a ClockpizzaError listing what the families look for. */
export function familyOfTensors(tensors: TensorMap, source: string, config: ModelConfig = {}): ModelFamily {
  const family = FAMILIES.find((f) => f.recognises(tensors, config));
  if (family !== undefined) return family;
  const hints = [...new Set([...FAMILIES].reverse().map((f) => f.hint))];
  throw new ClockpizzaError(
    `not a known layout: expected ${hints.join(' or ')}; ` + `found ${[...tensors.keys()].slice(0, 6).join(', ')}${tensors.size > 6 ? ', …' : ''}`,
    { file: source },
  );
}

/** The family an architecture record came from. */
export function familyOf<A extends Architecture>(a: A): ModelFamily<A> {
  const family = FAMILIES.find((f) => f.owns(a));
  if (family === undefined) throw new InternalError(`no family owns ${a.family} architecture`);
  return family as unknown as ModelFamily<A>;
}

/** Whether a tensor is a buffer of any layout (masks), not a parameter. */
export function isBufferName(name: string): boolean {
  return FAMILIES.some((f) => f.isBuffer(name));
}

/**
 * Infers the architecture from tensor names and shapes (the family that recognises them), then
 * checks it against the sidecar. Every missing, mis-shaped or unexpected tensor is a
 * ClockpizzaError naming it.
 */
export function inferWithFamilies(tensors: TensorMap, config: ModelConfig, options: InferOptions, source: string): Architecture {
  const family = familyOfTensors(tensors, source, config);
  const shapes = new ShapeChecker(tensors, source);
  const architecture = family.infer(shapes, config, options);
  shapes.rejectUnused(isBufferName);
  return architecture;
}
