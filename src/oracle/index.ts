/** Oracles' public API: algorithm specs as data, compiled; oracle networks; the weight-level ideal Pizza. */
export { algorithmsDir, algorithmSchemaPath, loadAlgorithmSpec, loadAlgorithmSpecs, type AlgorithmSpec, type Prediction } from './spec-file.js';
export {
  algorithm,
  allAlgorithms,
  baseFrequency,
  compileAlgorithm,
  templateTable,
  LOGIT_VARIABLES,
  TOKEN_VARIABLES,
  type CompiledAlgorithm,
} from './compile.js';
export { circleEmbedding, oracleNetwork, type OracleOptions } from './oracle-network.js';
export {
  idealPizzaWeights,
  idealPizzaTransformer,
  idealPizzaOracle,
  IDEAL_PIZZA_DEFAULTS,
  type IdealPizza,
  type IdealPizzaOptions,
} from './pizza-transformer.js';
export { rotateResidual, permuteHiddenNeurons, randomOrthogonal, randomPermutation } from './symmetries.js';
/** The seeded generator the symmetries and the ideal Pizza's seed use (mulberry32). */
export { mulberry32 as seededRandom } from '../stats/rng.js';
