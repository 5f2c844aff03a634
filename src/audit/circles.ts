import { ClockpizzaError } from '../errors.js';
import type { ComponentCircle } from '../metrics/circularity.js';
import { fveOfStandardised, standardisedLogits } from '../metrics/fve.js';
import { isolateCircle } from '../metrics/isolation.js';
import type { PcaResult } from '../metrics/pca.js';
import type { Network } from '../model/network.js';
import { pairComponents } from './pairing.js';
import { assignRoles, ensembleOf, type Role } from './roles.js';
import { inTableOrder, standardisedTableView, type TableView } from './template-tables.js';
import type { Rules } from './rules.js';

/**
 * Multi-frequency and ensemble detection: pair the first principal components into circles,
 * isolate each circle (keep its two PCA scores, zero the rest, run the whole model), fit its
 * logits against every algorithm template, and label it from the rule file's thresholds.
 */

/** An algorithm spec as the audit needs it: a name and its logit table for one circle. */
export interface CircleTemplate {
  name: string;
  /**
   * Template over all p³ logits, index (a·p + b)·p + c, for a circle of frequency k (the
   * circle's own). Specs of accompanying circles evaluate their output term at the base
   * frequency k·2⁻¹ mod p themselves (METRICS.md §4).
   */
  table(p: number, k: number): Float64Array;
}

export interface CircleReport {
  components: [number, number];
  delta: number;
  frequency: number;
  score: number;
  fve: Record<string, number | null>;
  role: Role;
  why: string;
  accompanies?: [number, number];
}

export interface CircleAudit {
  circles: CircleReport[];
  unpairedComponents: ComponentCircle[];
  /** Components whose variance is negligible next to the first (not circles; not paired). */
  negligibleComponents: number[];
  ensemble: boolean;
  mixedEnsemble: boolean;
}

/** Relative variance below which a principal component is taken as empty (rounding only). */
export const NEGLIGIBLE_VARIANCE = 1e-12;

/** Checks that the rule file's role specs are among the templates, naming the rule field otherwise. */
export function checkRoleSpecs(rules: Rules, templates: readonly CircleTemplate[]): void {
  const names = new Set(templates.map((t) => t.name));
  for (const key of ['pizzaSpec', 'clockSpec', 'accompanyingSpec'] as const) {
    const spec = rules.circles[key];
    if (!names.has(spec)) {
      throw new ClockpizzaError(`no algorithm spec named ${JSON.stringify(spec)}; known: ${[...names].join(', ')}`, { file: rules.file, field: `/circles/${key}` });
    }
  }
}

/**
 * FVE of an isolated circle's logits against every template at the circle's frequency. Each
 * template is z-scored once per frequency (template-tables.ts), each circle's logits once: the FVE of every
 * (circle, template) pair is then one pass in order (logitFve's result, summed in the
 * relabelled table's order when the table is a relabelling).
 */
export function templateFitter(templates: readonly CircleTemplate[], p: number, nOutputs: number): (isolated: Network, frequency: number) => Record<string, number | null> {
  const tables = new Map<string, TableView | null>();
  const standardTableOf = (t: CircleTemplate, k: number): TableView | null => {
    const key = `${t.name}@${k}`;
    if (!tables.has(key)) tables.set(key, standardisedTableView(t, p, k));
    return tables.get(key)!;
  };
  return (isolated, frequency) => {
    const y = standardisedLogits(isolated.allLogits(), nOutputs, p);
    // The relabelled tables of one frequency share one index: the logits are put in its order once.
    const reordered = new Map<Int32Array, Float64Array>();
    const logitsFor = (view: TableView): Float64Array => {
      if (view.index === null) return y!;
      let z = reordered.get(view.index);
      if (z === undefined) reordered.set(view.index, (z = inTableOrder(y!, view.index)));
      return z;
    };
    const fve: Record<string, number | null> = {};
    for (const t of templates) {
      const table = standardTableOf(t, frequency);
      fve[t.name] = y === null || table === null ? null : fveOfStandardised(logitsFor(table), table.table);
    }
    return fve;
  };
}

export function auditCircles(
  network: Network,
  measured: { circles: readonly ComponentCircle[]; pca: PcaResult; logits?: Float64Array },
  templates: readonly CircleTemplate[],
  rules: Rules,
): CircleAudit {
  checkRoleSpecs(rules, templates);
  const { p, nOutputs } = network;
  // Components without variance (an embedding of rank below 12, e.g. a constructed one) carry
  // no circle: their "step" is an artefact of rounding, so they are listed apart, not paired.
  const variance = measured.pca.explainedVariance;
  const negligible = (c: ComponentCircle): boolean => !(variance[c.component - 1]! > NEGLIGIBLE_VARIANCE * variance[0]!);
  const { pairs, unpaired } = pairComponents(measured.circles.filter((c) => !negligible(c)));
  const negligibleComponents = measured.circles.filter(negligible).map((c) => c.component);
  const fit = templateFitter(templates, p, nOutputs);
  const fitted = pairs.map((pair) => ({ ...pair, name: pair.components.join('-'), fve: fit(isolateCircle(network, pair.components, measured.pca), pair.frequency) }));
  const roles = assignRoles(fitted, rules.circles, p);
  const circles: CircleReport[] = fitted.map((c, i) => {
    const { role, why, accompanies } = roles[i]!;
    return { components: c.components, delta: c.delta, frequency: c.frequency, score: c.score, fve: c.fve, role, why, ...(accompanies !== undefined ? { accompanies: fitted[accompanies]!.components } : {}) };
  });
  return { circles, unpairedComponents: unpaired, negligibleComponents, ...ensembleOf(circles.map((c) => c.role), rules.circles) };
}
