/** The metrics' public API (METRICS.md §0 and §4), one metric per module. */
export { METRICS, METRIC_KEYS, METRIC_LIST, POPULATION_METRICS, metricDefinition, type MetricKey, type PopulationMetric } from './list.js';
export { defineMetric, defineInput, type MetricDefinition, type MetricInput, type MeasureContext, type MetricNeed, type DetailedResult, type Tolerance } from './definition.js';
export { logitsInput, embeddingInput } from './inputs.js';
export { defined, undefinedMetric, type MetricResult, type UndefinedKind } from './types.js';
export { PythonRandom, referenceTriples } from './python-random.js';
export { accuracy } from './accuracy.js';
export { loss, meanCrossEntropy } from './loss.js';
export { parameterNorm } from './parameter-norm.js';
export { gradientSymmetricity, gradientSymmetricityTriples, type GradientSymmetricityOptions } from './gradient-symmetricity.js';
export {
  correctLogitTable,
  topIncorrectLogitTable,
  distanceIrrelevance,
  distanceIrrelevanceTopIncorrect,
  distanceIrrelevanceOfTable,
} from './distance-irrelevance.js';
export { pca, pcaInput, inverseTransform, defaultComponentCount, type PcaResult } from './pca.js';
export { componentCircles, circlesInput, circularity, circularityOf, type ComponentCircle } from './circularity.js';
export { fourierSpectrum, spectrumInput, keyFrequencies, keyFrequenciesInput, keyFrequenciesOf, type FourierSpectrum } from './fourier.js';
export { isolateCircle } from './isolation.js';
export { logitFve } from './fve.js';
export { restrictedLoss, excludedLoss, restrictedAndExcludedLoss, restrictedAndExcludedLogits } from './restricted-loss.js';
export { measureAll, type MeasureOptions, type Measurement } from './measure.js';
export { modInverse, foldFrequency } from './modular.js';
