import { ClockpizzaError } from '../errors.js';
import { wrapAngle } from './phase.js';
import { ALIGNED_R2, type NeuronSection } from './section.js';

/**
 * The Phase Alignment Distribution (issue 17 item 3): the Δφ of a run's first-layer neurons with
 * degree-1 R² ≥ 0.9 (ALIGNED_R2; neurons weighted equally). A sweep results line carries them as
 * `phaseAlignment: { threshold, deltaPhi: [...] }`, each Δφ rounded to 1e-6 rad (the line stays
 * short and deterministic; 1e-6 is far below any histogram bin or kernel bandwidth).
 */
export interface PhaseAlignment {
  threshold: number;
  deltaPhi: number[];
}

export function phaseAlignmentOf(section: NeuronSection): PhaseAlignment {
  const fits = section.perNeuron;
  if (fits === undefined) throw new Error('internal: phaseAlignmentOf needs the per-neuron fits');
  const deltaPhi = fits.filter((f) => f.r2Degree1 !== null && f.r2Degree1 >= ALIGNED_R2).map((f) => Math.round(f.deltaPhi! * 1e6) / 1e6);
  return { threshold: ALIGNED_R2, deltaPhi };
}

/** A results line's phaseAlignment field, checked (a ClockpizzaError names the line and field otherwise). */
export function readPhaseAlignment(value: unknown, where: string): PhaseAlignment {
  const v = value as Partial<PhaseAlignment> | undefined;
  if (v === undefined || typeof v !== 'object' || v === null) throw new ClockpizzaError('missing (rows from a sweep before issue 17 carry no neuron phases; re-audit them)', { file: where, field: 'phaseAlignment' });
  if (typeof v.threshold !== 'number') throw new ClockpizzaError('expected a number', { file: where, field: 'phaseAlignment.threshold' });
  if (!Array.isArray(v.deltaPhi) || !v.deltaPhi.every((x) => typeof x === 'number' && Number.isFinite(x) && wrapAngle(x) === x)) {
    throw new ClockpizzaError('expected a list of angles in (−π, π]', { file: where, field: 'phaseAlignment.deltaPhi' });
  }
  return { threshold: v.threshold, deltaPhi: v.deltaPhi };
}

/** Counts of Δφ in `bins` equal bins over (−π, π], as shares of the total (0 for an empty list). */
export function histogram(angles: readonly number[], bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const a of angles) {
    const i = Math.min(bins - 1, Math.max(0, Math.ceil(((a + Math.PI) / (2 * Math.PI)) * bins) - 1));
    counts[i]! += 1;
  }
  return counts.map((c) => (angles.length === 0 ? 0 : c / angles.length));
}
