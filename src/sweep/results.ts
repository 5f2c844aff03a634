import type { AuditReport } from '../audit/report.js';
import type { Algorithm } from '../audit/rules.js';
import type { Lean } from '../audit/verdict.js';
import { ClockpizzaError } from '../errors.js';
import { phaseAlignmentOf, type PhaseAlignment } from '../neurons/phase-alignment.js';
import { METRIC_KEYS, METRICS } from '../metrics/list.js';
import type { MetricResult } from '../metrics/types.js';
import { compileSchema, schemaProblems, type SchemaProblem } from '../schema/validate.js';
import { readText } from './text-file.js';
import { POPULATION_METRICS, type PopulationMetric, type Run } from './run.js';

/**
 * The project's sweep results: JSONL, one run per line, each line valid against
 * spec/schemas/sweep-result.schema.json. Errors name the file, the line and the field.
 */

export type { Algorithm } from '../audit/rules.js';
export type { Lean } from '../audit/verdict.js';

/** One line of results.jsonl, as the schema defines it (the sweep command writes these). */
export interface SweepResult {
  runid: string;
  /** null for a population's checkpoint whose config records none. */
  seed: number | null;
  attn: number;
  width: number;
  layers: number;
  steps: number | null;
  diffVocab?: boolean;
  eqnSign?: boolean;
  verdict: { algorithm: Algorithm; lean: Lean; reasons?: string[] };
  metrics: Record<PopulationMetric, MetricResult> & Record<string, MetricResult>;
  /** Each run's aligned first-layer Δφ, for `clockpizza pad` (absent in rows written before it). */
  phaseAlignment?: PhaseAlignment;
  [extra: string]: unknown;
}

export const SWEEP_RESULT_SCHEMA = 'spec/schemas/sweep-result.schema.json';

/** The fields of a results line that an audit report gives (the same for a sweep's run and a population's checkpoint). */
export function auditFieldsOf(report: AuditReport): Pick<SweepResult, 'verdict' | 'metrics' | 'phaseAlignment'> & { circles: unknown[] } {
  return {
    verdict: { algorithm: report.verdict.algorithm, lean: report.verdict.lean, reasons: report.verdict.reasons },
    metrics: report.metrics as SweepResult['metrics'],
    circles: report.circles.map((c) => ({ components: c.components, delta: c.delta, frequency: c.frequency, role: c.role })),
    // Each run's aligned Δφ, for `clockpizza pad` (needs the per-neuron fits: audit with perNeuron).
    ...(report.neurons?.perNeuron === undefined ? {} : { phaseAlignment: phaseAlignmentOf(report.neurons) }),
  };
}

/** A population line that is not a run: a file that could not be audited (`error`) or a model outside the population (`skipped`). */
export interface NotARunLine {
  runid: string;
  path: string;
  sha256?: string;
  error?: { message: string };
  skipped?: string;
}

/** Whether a checked line is a NotARunLine (readers of populations pass over these). */
export function isNotARun(line: SweepResult | NotARunLine): line is NotARunLine {
  return Object.hasOwn(line, 'error') || Object.hasOwn(line, 'skipped');
}

/** The dotted path of the field at fault (the sweep names fields this way everywhere), or `(line)` for the whole line. */
function fieldOf(problem: SchemaProblem): string {
  const parts = problem.pointer.split('/').slice(1).filter((p) => p !== '').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.length === 0 ? '(line)' : parts.join('.');
}

/**
 * Checks one parsed line; throws a ClockpizzaError with file `file:line` and the first field
 * at fault (every problem is listed in the message). Exported for the sweep writer, which
 * checks each line before appending it.
 */
export function assertSweepResult(data: unknown, where: string): asserts data is SweepResult | NotARunLine {
  const [first, ...rest] = schemaProblems(compileSchema('sweep-result'), data);
  if (first === undefined) {
    if (!isNotARun(data as SweepResult | NotARunLine)) checkMetricIds(data as SweepResult, where);
    return;
  }
  const others = rest.map((p) => `\n  also ${fieldOf(p)}: ${p.message}`).join('');
  throw new ClockpizzaError(`${first.message} (${SWEEP_RESULT_SCHEMA})${others}`, { file: where, field: fieldOf(first) });
}

/** A value computed under another definition must not be compared with this build's. */
function checkMetricIds(result: SweepResult, where: string): void {
  for (const key of POPULATION_METRICS) {
    const id = result.metrics[key].id;
    if (id !== METRICS[key]) {
      throw new ClockpizzaError(`metric id ${JSON.stringify(id)} is not this build's ${JSON.stringify(METRICS[key])}: the value was computed under another definition`, { file: where, field: `metrics.${key}.id` });
    }
  }
}

export function sweepResultToRun(result: SweepResult, file: string, line: number): Run {
  const metrics = {} as Run['metrics'];
  for (const key of POPULATION_METRICS) metrics[key] = result.metrics[key].value;
  const readings: NonNullable<Run['readings']> = {};
  for (const key of METRIC_KEYS) {
    const recorded = result.metrics[key];
    if (!(key in metrics) && recorded !== undefined && recorded.id === METRICS[key]) readings[key] = recorded.value;
  }
  return {
    file,
    line,
    source: 'sweep',
    runid: result.runid,
    seed: result.seed,
    attn: result.attn,
    width: result.width,
    layers: result.layers,
    diffVocab: result.diffVocab ?? false,
    eqnSign: result.eqnSign ?? false,
    steps: result.steps,
    verdict: { algorithm: result.verdict.algorithm, lean: result.verdict.lean },
    metrics,
    readings,
  };
}

/** One checked line of results JSONL: the result, its trimmed text, and where it stands (`file:line`). */
export interface ResultLine {
  result: SweepResult;
  text: string;
  line: number;
  where: string;
}

/**
 * The non-blank lines of results JSONL text that hold runs, each parsed and checked as it is
 * reached (lazily, so a caller acting on earlier lines does so before a later line's error);
 * a population's error and skipped lines are checked and passed over. `syntaxHint` adds a
 * likely cause to a JSON syntax error, knowing whether it is on the last line.
 */
export function* resultLines(text: string, file: string, syntaxHint: (last: boolean) => string = () => ''): Generator<ResultLine> {
  for (const line of checkedLines(text, file, syntaxHint)) if (!isNotARun(line.result)) yield line as ResultLine;
}

/** Every non-blank line, parsed and checked: runs and a population's error and skipped lines. */
export function* checkedLines(text: string, file: string, syntaxHint: (last: boolean) => string = () => ''): Generator<{ result: SweepResult | NotARunLine; text: string; line: number; where: string }> {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const trimmed = lines[index]!.trim();
    if (trimmed === '') continue;
    const line = index + 1;
    const where = `${file}:${line}`;
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new ClockpizzaError(`not valid JSON: ${(error as Error).message}${syntaxHint(index === lines.length - 1)}`, { file: where });
    }
    assertSweepResult(data, where);
    yield { result: data, text: trimmed, line, where };
  }
}

/** Parses results JSONL text; blank lines are skipped, a runid may appear only once. */
export function parseSweepResults(text: string, file: string): Run[] {
  const runs: Run[] = [];
  const seen = new Map<string, number>();
  const incomplete = (last: boolean) => (last ? ' (an incomplete last line: was the sweep killed while writing?)' : '');
  for (const { result, line, where } of resultLines(text, file, incomplete)) {
    const earlier = seen.get(result.runid);
    if (earlier !== undefined) throw new ClockpizzaError(`runid ${JSON.stringify(result.runid)} already on line ${earlier}`, { file: where, field: 'runid' });
    seen.set(result.runid, line);
    runs.push(sweepResultToRun(result, file, line));
  }
  return runs;
}

export function readSweepResults(file: string): Run[] {
  return parseSweepResults(readText(file), file);
}
