import { allAlgorithms, templateTable } from '../oracle/compile.js';
import type { CircleTemplate } from './circles.js';

/**
 * Every algorithm spec in spec/algorithms/ (or `dir`) as a circle template: the spec's logit at
 * one circle's frequency (accompanying specs put their output term at the base frequency).
 */
export function specTemplates(dir?: string): CircleTemplate[] {
  return allAlgorithms(dir).map((algorithm) => ({
    name: algorithm.spec.name,
    table: (p: number, k: number) => templateTable(algorithm, p, [k]),
  }));
}
