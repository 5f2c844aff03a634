import { median } from '../stats/median.js';
import type { Dynamics } from './dynamics-file.js';
import { firstStableIndex, type StopRule } from './stop-rule.js';

/**
 * The calibration of `--stop-when-stable` (issue 15), derived from the dynamics of full runs
 * (every step taken, an audit at the last one): for a stop rule, where would each run have
 * stopped, and what would it have said there compared with its last audit?
 *
 * Per rule:
 * - agreement: the fraction of runs whose verdict at the stop equals the verdict at the last
 *   step (a run the rule never stops ends at the last step, so it agrees);
 * - largest difference: max over runs and discriminating metrics of |value at the stop − value
 *   at the last step| (an undefined value on one side only counts as Infinity);
 * - steps saved: the median over runs of (last step − stop step) / last step (0 when never stopped);
 * - never stopped: runs the rule did not stop.
 * Beside it, independent of the rule, how the verdict depends on the stopping step: the runs
 * whose verdict changes at some audit after test accuracy first reaches 0.99.
 */

export interface RuleCalibration {
  rule: StopRule;
  runs: number;
  agreement: number;
  largestDifference: { value: number; metric: string; run: string } | null;
  medianStepsSaved: number;
  neverStopped: number;
  disagreeing: string[];
}

/** A run's name in the table: its file. */
function nameOf(d: Dynamics): string {
  return d.file;
}

/** Whether the file holds a full run: not stopped early, its last audit at the last step. */
export function isFullRun(d: Dynamics): boolean {
  const last = d.snapshots[d.snapshots.length - 1];
  return d.header.stoppedAt === null && last !== undefined && last.step === d.header.run.steps;
}

export function calibrate(runs: readonly Dynamics[], rule: StopRule): RuleCalibration {
  let agreeing = 0;
  let neverStopped = 0;
  let largest: RuleCalibration['largestDifference'] = null;
  const saved: number[] = [];
  const disagreeing: string[] = [];
  for (const run of runs) {
    const snapshots = run.snapshots;
    const last = snapshots[snapshots.length - 1]!;
    const index = firstStableIndex(snapshots, rule);
    if (index === null) neverStopped++;
    const stop = snapshots[index ?? snapshots.length - 1]!;
    if (stop.verdict.algorithm === last.verdict.algorithm) agreeing++;
    else disagreeing.push(nameOf(run));
    saved.push(last.step === 0 ? 0 : (last.step - stop.step) / last.step);
    for (const metric of rule.metrics) {
      const a = stop.metrics[metric] ?? null;
      const b = last.metrics[metric] ?? null;
      const difference = a === null && b === null ? 0 : a === null || b === null ? Infinity : Math.abs(a - b);
      if (largest === null || difference > largest.value) largest = { value: difference, metric, run: nameOf(run) };
    }
  }
  return {
    rule,
    runs: runs.length,
    agreement: runs.length === 0 ? 0 : agreeing / runs.length,
    largestDifference: largest,
    medianStepsSaved: saved.length === 0 ? 0 : median(saved),
    neverStopped,
    disagreeing,
  };
}

/** Runs whose verdict differs between two audits after test accuracy first reached 0.99: the paper's verdict there depends on when training stops. */
export function verdictChangesAfterLearning(runs: readonly Dynamics[], minTestAccuracy = 0.99): string[] {
  return runs
    .filter((run) => {
      const learned = run.snapshots.findIndex((s) => s.testAcc >= minTestAccuracy);
      if (learned < 0) return false;
      const verdicts = new Set(run.snapshots.slice(learned).map((s) => s.verdict.algorithm));
      return verdicts.size > 1;
    })
    .map(nameOf);
}

/** The calibration as a markdown table, one row per rule. */
export function calibrationTable(results: readonly RuleCalibration[]): string {
  const lines = [
    '| window W | tolerance T | runs | early verdict = final | largest metric difference | median steps saved | never stopped |',
    '|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const r of results) {
    const d = r.largestDifference;
    const difference = d === null ? '—' : `${Number.isFinite(d.value) ? d.value.toFixed(4) : 'undefined on one side'} (${d.metric})`;
    lines.push(`| ${r.rule.window} | ${r.rule.tolerance} | ${r.runs} | ${(100 * r.agreement).toFixed(1)} % | ${difference} | ${(100 * r.medianStepsSaved).toFixed(1)} % | ${r.neverStopped} |`);
  }
  return lines.join('\n');
}
