import type { FourierSpectrum } from '../metrics/fourier.js';
import { isolatePlane } from '../metrics/plane-isolation.js';
import type { Network } from '../model/network.js';
import { checkRoleSpecs, templateFitter, type CircleTemplate } from './circles.js';
import { assignRoles, ensembleOf, type Role } from './roles.js';
import type { Rules } from './rules.js';

/**
 * Circles as Fourier planes (issue 13.2), beside the PCA-paired ones: one circle per key
 * frequency (≥ the key-frequency share of the embedding's non-constant Fourier energy), isolated
 * by projecting the embedding onto that frequency's plane (no PCA, so no mixing of equal-variance
 * circles), fitted against every template and given a role by the same rules as PCA circles.
 */

export interface PlaneCircleReport {
  frequency: number;
  /** The plane's share of the embedding's non-constant Fourier energy (tokens 0..p−1). */
  share: number;
  fve: Record<string, number | null>;
  role: Role;
  why: string;
  /** For accompanying circles: the frequency of the pizza plane they accompany. */
  accompanies?: number;
}

export interface PlaneCircleAudit {
  circles: PlaneCircleReport[];
  ensemble: boolean;
  mixedEnsemble: boolean;
}

export function auditPlaneCircles(
  network: Network,
  measured: { spectrum: FourierSpectrum; keyFrequencies: readonly number[] },
  templates: readonly CircleTemplate[],
  rules: Rules,
): PlaneCircleAudit {
  checkRoleSpecs(rules, templates);
  const share = (k: number): number => measured.spectrum.share[k - 1]!;
  // Largest plane first, as PCA circles come in order of variance.
  const frequencies = [...measured.keyFrequencies].sort((x, y) => share(y) - share(x) || x - y);
  const fit = templateFitter(templates, network.p, network.nOutputs);
  const fitted = frequencies.map((k) => ({ name: `k ${k}`, frequency: k, fve: fit(isolatePlane(network, k), k) }));
  const roles = assignRoles(fitted, rules.circles, network.p);
  const circles: PlaneCircleReport[] = fitted.map((c, i) => {
    const { role, why, accompanies } = roles[i]!;
    return { frequency: c.frequency, share: share(c.frequency), fve: c.fve, role, why, ...(accompanies !== undefined ? { accompanies: fitted[accompanies]!.frequency } : {}) };
  });
  return { circles, ...ensembleOf(circles.map((c) => c.role), rules.circles) };
}
