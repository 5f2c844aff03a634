import { join } from 'node:path';
import type { CircularityGate } from '../audit/circularity-gate.js';
import type { BootstrapOptions } from '../stats/bootstrap.js';
import { boundaryIntervals, crossingOf, type BoundaryReport, type CrossingInterval } from './boundary-interval.js';
import type { SweepJob, SweepPlan } from './grid.js';
import { placeRuns } from './placement.js';
import { formatDuration, SweepProgress } from './progress.js';
import { readPopulation } from './population.js';
import { ResultsFile } from './results-file.js';
import type { SweepResult } from './results.js';
import { adaptiveJobs, appendRound, claimRounds } from './rounds-file.js';
import { runJobs, type JobRunner } from './run-jobs.js';

/**
 * `clockpizza reproduce boundary` (issue 16.2): trains the coarse grid, then round after round
 * places runs where the gradient-symmetricity crossing is least certain (placement.ts) until its
 * bootstrap interval's half-width reaches the target or the budget is spent. The rounds are
 * sweep plans sharing one results file (rounds-file.ts), trained by the sweep's own machinery;
 * the caller holds the results file's lock. The budget is this session's: its time and the runs
 * it starts (a run in flight when the time is up finishes and counts).
 */

export interface AdaptiveOptions {
  dir: string;
  /** Parallel runs (lanes of `runner`). */
  concurrency: number;
  runner: JobRunner;
  targetHalfWidth: number;
  roundSize: number;
  budgetMs: number;
  maxRuns: number;
  gate: CircularityGate;
  bootstrap: Partial<BootstrapOptions>;
  /** Progress lines (stderr). */
  write: (text: string) => void;
  warn: (message: string) => void;
  now?: () => number;
}

export interface AdaptiveOutcome {
  report: BoundaryReport;
  stop: 'target' | 'budget';
  /** Runs in the results file, and those trained in this session. */
  runs: number;
  ranHere: number;
  elapsedMs: number;
}

/** Thrown by the budgeted runner instead of starting a run the budget no longer allows. */
class BudgetSpent extends Error {}

const ciText = (c: CrossingInterval) =>
  c.alpha === null ? `none (${c.reason ?? ''})` : `${c.alpha.toFixed(3)} ${c.ci === null ? '(no interval yet)' : `[${c.ci[0].toFixed(3)}, ${c.ci[1].toFixed(3)}], half-width ${((c.ci[1] - c.ci[0]) / 2).toFixed(3)}`}`;

export async function reproduceBoundary(coarse: SweepPlan, options: AdaptiveOptions): Promise<AdaptiveOutcome> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const roundsPath = join(options.dir, 'rounds.json');
  const resultsPath = join(options.dir, 'results.jsonl');
  let plan = claimRounds(roundsPath, coarse);
  let startedHere = 0;
  const timeSpent = () => now() - started >= options.budgetMs;
  const runner: JobRunner = {
    run: (job: SweepJob): Promise<SweepResult> => {
      if (timeSpent() || startedHere >= options.maxRuns) return Promise.reject(new BudgetSpent());
      startedHere++;
      return options.runner.run(job);
    },
    close: () => options.runner.close(),
  };
  for (;;) {
    const jobs = adaptiveJobs(plan);
    const results = ResultsFile.open(resultsPath, jobs, { warn: options.warn });
    const already = jobs.filter((j) => results.has(j.runid)).length;
    let complete = already === jobs.length;
    if (!complete) {
      const progress = new SweepProgress({ total: jobs.length, already, concurrency: options.concurrency, name: 'reproduce boundary', write: options.write });
      progress.begin();
      try {
        await runJobs(jobs, results, runner, { concurrency: options.concurrency, progress });
        complete = true;
      } catch (error) {
        if (!(error instanceof BudgetSpent)) throw error;
      } finally {
        progress.end();
      }
    }
    const report = boundaryIntervals(readPopulation(resultsPath), { layers: coarse.layers[0]!, width: coarse.widths[0]!, gate: options.gate, bootstrap: options.bootstrap });
    const gs = crossingOf(report, 'gradientSymmetricity');
    const runs = jobs.filter((j) => results.has(j.runid)).length;
    options.write(`reproduce boundary: ${runs} runs (${report.circularRuns} circular), ${formatDuration(now() - started)} elapsed; gradient symmetricity crosses 0.9 at α = ${ciText(gs)} (target half-width ${options.targetHalfWidth})\n`);
    const outcome = (stop: 'target' | 'budget'): AdaptiveOutcome => ({ report, stop, runs, ranHere: startedHere, elapsedMs: now() - started });
    if (!complete) return outcome('budget');
    const next = placeRuns(gs, { timeSpent: timeSpent(), runs: options.maxRuns - startedHere }, { targetHalfWidth: options.targetHalfWidth, roundSize: options.roundSize });
    if (next.stop !== null) return outcome(next.stop);
    plan = appendRound(roundsPath, plan, next.attn);
    options.write(`reproduce boundary: round ${plan.rounds.length}: ${next.attn.length} run(s) ${next.why}, α = ${next.attn.join(', ')}\n`);
  }
}
