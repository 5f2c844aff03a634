import { ClockpizzaError } from '../errors.js';
import { loadRules, type Rules } from './rules.js';

/**
 * The circularity gate of a rule file: its `non-circular` gate clause, which must be a single
 * comparison `circularity < x` (or `<= x`), or the same on the Fourier circularity
 * (`circularityFourier`, spec/rules/fourier.json). Population commands (phase, compare,
 * boundary, claims, the §8 filter) read it from the active rule, so `--rule` moves the gate for
 * verdicts and populations alike. The paper's CSVs record no Fourier circularity: under a
 * Fourier gate none of their runs is circular.
 */
export const GATE_METRICS = ['circularity', 'circularityFourier'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

export interface CircularityGate {
  /** The metric compared (a run without it is not circular). */
  metric: GateMetric;
  /** The clause's comparison: a run is non-circular when `metric op value`. */
  op: '<' | '<=';
  value: number;
  /** The rule file it was read from. */
  rule: string;
}

export function circularityGate(rules: Rules): CircularityGate {
  const index = rules.verdict.findIndex((c) => c.algorithm === 'non-circular' && c.gate === true);
  if (index < 0) throw new ClockpizzaError('has no non-circular gate clause, which phase and compare need to tell circular runs', { file: rules.file, field: '/verdict' });
  const when = rules.verdict[index]!.when;
  if (when === 'otherwise' || !('metric' in when) || !(GATE_METRICS as readonly string[]).includes(when.metric) || (when.op !== '<' && when.op !== '<=')) {
    throw new ClockpizzaError('the non-circular gate must be one comparison "circularity < x" or "circularityFourier < x" (or <= x) for phase and compare to read it', { file: rules.file, field: `/verdict/${index}/when` });
  }
  return { metric: when.metric as GateMetric, op: when.op, value: when.value, rule: rules.file };
}

let paperGate: CircularityGate | undefined;

/** The gate of the default rule (spec/rules/paper.json: circularity < 0.995 is non-circular, METRICS.md §4/§8). */
export function defaultCircularityGate(): CircularityGate {
  paperGate ??= circularityGate(loadRules());
  return paperGate;
}

/** Whether the gate's metric passes it; an undefined (or unrecorded) value never does. */
export function passesGate(value: number | null, gate: CircularityGate): boolean {
  if (value === null) return false;
  return gate.op === '<' ? value >= gate.value : value > gate.value;
}

/** The gate as the condition for being circular, e.g. "circularity ≥ 0.995". */
export function gateText(gate: CircularityGate): string {
  return `${gate.metric} ${gate.op === '<' ? '≥' : '>'} ${gate.value}`;
}
