/** The metrics' public API (METRICS.md §0 and §4), one metric per module. */
export { METRICS, METRIC_KEYS, type MetricKey } from './ids.js';
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
export { pca, inverseTransform, defaultComponentCount, type PcaResult } from './pca.js';
export { componentCircles, circularity, circularityOf, type ComponentCircle } from './circularity.js';
export { fourierSpectrum, keyFrequencies, keyFrequenciesOf, type FourierSpectrum } from './fourier.js';
export { isolateCircle } from './isolation.js';
export { logitFve } from './fve.js';
export { restrictedLoss, excludedLoss, restrictedAndExcludedLoss, restrictedAndExcludedLogits } from './restricted-loss.js';
export { measureAll, type MeasureOptions, type Measurement } from './measure.js';
export { modInverse, foldFrequency } from './modular.js';
