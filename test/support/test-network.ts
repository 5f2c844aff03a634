import { circleEmbedding, functionNetwork } from './function-network.js';
import type { Network } from '../../src/model/network.js';

/**
 * A small constructed network for audit tests (pure JS, no tensor engine): a notebook-Pizza
 * circle at k, its accompanying circle at 2k, and a Clock circle at `clock`, with embedding radii
 * 3, 2, 1 so that PCA orders them. Not a test file itself: shared by the audit and vitest tests.
 */
export function ensembleNetwork(p = 31, k = 3, clock = 11): Network {
  const w = (f: number): number => (2 * Math.PI * f) / p;
  const notebookPizza = (wk: number, s0: number, s1: number, c: number): number =>
    Math.abs(Math.cos((wk * c) / 2) * s0 + Math.sin((wk * c) / 2) * s1) - Math.abs(-Math.sin((wk * c) / 2) * s0 + Math.cos((wk * c) / 2) * s1);
  return functionNetwork({
    p,
    description: `constructed pizza k=${k} + accompanying 2k + clock k=${clock}, p=${p}`,
    embedding: circleEmbedding(p, [k, (2 * k) % p, clock], [3, 2, 1]),
    logit: (ea, eb, c) => {
      const pizza = notebookPizza(w(k), ea[0]! + eb[0]!, ea[1]! + eb[1]!, c);
      const accompanying = -(ea[2]! + eb[2]!) * Math.cos(w(k) * c) - (ea[3]! + eb[3]!) * Math.sin(w(k) * c);
      const [ca, sa, cb, sb] = [ea[4]!, ea[5]!, eb[4]!, eb[5]!];
      const clockTerm = (ca * cb - sa * sb) * Math.cos(w(clock) * c) + (ca * sb + sa * cb) * Math.sin(w(clock) * c);
      return pizza + accompanying + clockTerm;
    },
  });
}
