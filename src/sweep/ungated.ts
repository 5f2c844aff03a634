import type { CircularityGate } from '../audit/circularity-gate.js';
import { runValue, type Run } from './run.js';

/**
 * Runs that do not record the gate's metric: the gate counts them non-circular (passesGate), so
 * a Fourier gate leaves no circular run in the paper's CSVs, which record no Fourier circularity.
 * Population commands say so beside their numbers rather than let an empty filter look like a
 * result.
 */
export function ungatedRuns(runs: readonly Run[], gate: CircularityGate): number {
  return runs.filter((r) => runValue(r, gate.metric) === undefined).length;
}

/** The note printed when `ungated` of `runs` runs cannot be gated. */
export function ungatedNote(ungated: number, runs: number, gate: CircularityGate): string {
  return `${ungated} of ${runs} runs do not record ${gate.metric}, the gate's metric (the paper's CSVs record no Fourier circularity): they count as non-circular`;
}
