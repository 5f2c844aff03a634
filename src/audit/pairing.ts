import type { ComponentCircle } from '../metrics/circularity.js';

/**
 * Pairs principal components into circles. A circle shows up as two components with the same
 * step δ (cos and sin of one frequency); in Clock models the two are not always adjacent, so
 * pairs are found by δ, not by position (METRICS.md §4).
 */

export interface ComponentPair {
  /** 1-based principal components, in order. */
  components: [number, number];
  delta: number;
  frequency: number;
  /** Mean circularity score of the two components. */
  score: number;
}

/**
 * Groups components by δ in order of first appearance and pairs them two by two within each
 * group (a δ seen four times is two circles of one frequency). Pairs come out ordered by their
 * first component; components left without a partner are returned as unpaired.
 */
export function pairComponents(readings: readonly ComponentCircle[]): { pairs: ComponentPair[]; unpaired: ComponentCircle[] } {
  const waiting = new Map<number, ComponentCircle>();
  const pairs: ComponentPair[] = [];
  for (const reading of [...readings].sort((x, y) => x.component - y.component)) {
    const partner = waiting.get(reading.delta);
    if (partner === undefined) {
      waiting.set(reading.delta, reading);
      continue;
    }
    waiting.delete(reading.delta);
    pairs.push({
      components: [partner.component, reading.component],
      delta: reading.delta,
      frequency: partner.frequency,
      score: (partner.score + reading.score) / 2,
    });
  }
  pairs.sort((x, y) => x.components[0] - y.components[0]);
  const unpaired = [...waiting.values()].sort((x, y) => x.component - y.component);
  return { pairs, unpaired };
}
