import type { Tensor, TensorMap } from '../../io/tensor.js';
import type { Architecture, InferOptions, MlpArchitecture, ModelConfig } from '../architecture.js';
import type { MlpParams, TransformerParams } from './canonical.js';
import type { ShapeChecker } from './checks.js';

/** How a parameter starts training (METRICS.md §6): N(0,1)·scale, U(±bound), or zeros. */
export type Init = { normal: number } | { uniform: number } | 'zeros';

/** One entry of a state dict in file order: a parameter (with its initialisation) or a fixed buffer. */
export type TableEntry = { name: string; shape: number[]; init: Init } | { name: string; buffer: Tensor };

/** The canonical parameter set of an architecture's kind. */
export type CanonicalOf<A extends Architecture> = A extends MlpArchitecture ? MlpParams<Tensor> : TransformerParams<Tensor>;

/**
 * A model family: one stored layout of one kind of network. It alone knows its tensor names and
 * shapes; everything else reads the canonical parameters it maps to (canonical.ts). Adding a
 * layout is one file implementing this and one line in FAMILIES (index.ts).
 */
export interface ModelFamily<A extends Architecture = Architecture> {
  /** `expected <hint>` in the error for a state dict no family recognises, e.g. "`l1.weight` (MLP-only model)". */
  readonly hint: string;
  /** Whether a state dict (with its config) is in this layout (families are asked in FAMILIES order). */
  recognises(tensors: TensorMap, config: ModelConfig): boolean;
  /** The architecture from tensor names and shapes, checked against the sidecar (ClockpizzaErrors name the tensor or field). */
  infer(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): A;
  /** Whether an architecture record is of this family. */
  owns(a: Architecture): a is A;
  /** Non-parameter tensors a state dict of this layout may carry (masks and the like). */
  isBuffer(name: string): boolean;
  /** The state dict's parameters (with their initialisation) and buffers, in file order. */
  table(a: A): TableEntry[];
  /** The stored tensors as the canonical parameters (same values, the canonical orientation). */
  canonical(tensors: TensorMap, a: A): CanonicalOf<A>;
  /** The reference-format sidecar keys (`config_<runid>.json`) that describe an architecture of this family. */
  sidecarFields(a: A): Record<string, unknown>;
  /** The stored tensors with the token embedding replaced by `rows` (V × width, one row per token, float32). */
  withEmbedding(tensors: TensorMap, a: A, rows: Float32Array): TensorMap;
}
