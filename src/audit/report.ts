import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MeasureOptions, Measurement } from '../metrics/measure.js';
import { measureAll } from '../metrics/measure.js';
import { METRIC_KEYS } from '../metrics/list.js';
import type { MetricResult } from '../metrics/types.js';
import type { Network } from '../model/network.js';
import type { NeuronSection } from '../neurons/section.js';
import { repoRoot } from '../reference.js';
import { assertValid, compileSchema } from '../schema/validate.js';
import { auditCircles, type CircleAudit, type CircleTemplate } from './circles.js';
import { auditPlaneCircles, type PlaneCircleAudit } from './plane-circles.js';
import type { Rules } from './rules.js';
import { decideVerdict, type Verdict } from './verdict.js';

/**
 * The audit report: everything `clockpizza audit` says about one checkpoint, in the shape of
 * spec/schemas/audit-report.schema.json. Every report is checked against that schema before
 * anyone sees it, so a printed report is a valid one.
 */

export interface ReportMetric {
  id: string;
  value: number | null;
  reason?: string;
  kind?: string;
}

export interface CheckpointInfo {
  path: string;
  sha256: string;
  format?: string;
  description?: string;
  /** The inferred architecture (at least `family` and `p`). */
  architecture: { family: string; p: number } & Record<string, unknown>;
}

/**
 * Everything the reader assumed because the files did not say it (e.g. ReLU for a model read
 * without its sidecar): every view of a report shows these (issue 18.17), not only inspect and --json.
 */
export function assumptionsOf(checkpoint: CheckpointInfo): string[] {
  const assumptions = checkpoint.architecture['assumptions'];
  return Array.isArray(assumptions) ? assumptions.filter((a): a is string => typeof a === 'string') : [];
}

/** The circles, unpaired and negligible components and ensemble flags are auditCircles' (CircleAudit). */
export interface AuditReport extends CircleAudit {
  tool: { name: 'clockpizza'; version: string };
  checkpoint: CheckpointInfo;
  metrics: Record<string, ReportMetric>;
  /** Structured details of the metrics that report any (e.g. per-block fits), by report key; absent when none does. */
  details?: Record<string, unknown>;
  /** Circles found as Fourier planes of the key frequencies (absent with `--circles pca`). */
  fourierCircles?: PlaneCircleAudit;
  /** First-layer neuron fits, clusters and CKA (issue 17); per-neuron fits only when asked (--neurons). Absent without such a layer. */
  neurons?: NeuronSection;
  verdict: Verdict;
}

/** Which circle tables an audit shows: PCA-paired, Fourier-plane, or both (the default). */
export type CircleMode = 'pca' | 'fourier' | 'both';
export const CIRCLE_MODES: readonly CircleMode[] = ['pca', 'fourier', 'both'];

let version: string | undefined;
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(resolve(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

export function reportMetric(result: MetricResult): ReportMetric {
  return result.value === null ? { id: result.id, value: null, reason: result.reason, kind: result.kind } : { id: result.id, value: result.value };
}

/** Throws a ClockpizzaError naming `where` and the JSON pointer if the report breaks the schema. */
export function validateReport(report: unknown, where: string): asserts report is AuditReport {
  assertValid(compileSchema<AuditReport>('audit-report'), report, where);
}

export interface AuditNetworkOptions {
  rules: Rules;
  templates: readonly CircleTemplate[];
  measure?: MeasureOptions;
  /** A measurement already made (skips measureAll). */
  measurement?: Measurement;
  /** Fourier-plane circles are found unless 'pca' (PCA circles always are: golden files and result rows read them). */
  circles?: CircleMode;
  /** Keep every neuron's fit in the `neurons` section (audit --neurons). */
  perNeuron?: boolean;
}

/** Measures a network, finds and labels its circles, applies the rules: one validated report. */
export function auditNetwork(network: Network, checkpoint: CheckpointInfo, options: AuditNetworkOptions): AuditReport {
  const measured = options.measurement ?? measureAll(network, options.measure);
  const metrics: Record<string, ReportMetric> = {};
  for (const key of METRIC_KEYS) {
    const result = measured.metrics[key];
    if (result !== undefined) metrics[key] = reportMetric(result);
  }
  const details = Object.fromEntries(METRIC_KEYS.filter((key) => key in measured.details).map((key) => [key, measured.details[key]]));
  const circles = auditCircles(network, measured, options.templates, options.rules);
  const report: AuditReport = {
    tool: { name: 'clockpizza', version: toolVersion() },
    checkpoint,
    metrics,
    ...(Object.keys(details).length > 0 ? { details } : {}),
    ...(measured.neurons === null ? {} : { neurons: neuronsOf(measured.neurons, options.perNeuron === true) }),
    ...circles,
    ...(options.circles === 'pca' ? {} : { fourierCircles: auditPlaneCircles(network, measured, options.templates, options.rules) }),
    verdict: decideVerdict(metrics, options.rules),
  };
  // Round-trip through JSON first: the schema sees exactly what will be printed.
  const printed = JSON.parse(JSON.stringify(report)) as unknown;
  validateReport(printed, `audit report of ${checkpoint.path}`);
  return report;
}

function neuronsOf(section: NeuronSection, perNeuron: boolean): NeuronSection {
  if (perNeuron) return section;
  const { perNeuron: _omitted, ...rest } = section;
  return rest;
}
