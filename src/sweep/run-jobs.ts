import type { SweepJob } from './grid.js';
import type { SweepProgress } from './progress.js';
import type { ResultsFile } from './results-file.js';
import type { SweepResult } from './results.js';

/** Something that trains and audits one job: in this thread, or in a pool of worker threads. */
export interface JobRunner {
  run(job: SweepJob): Promise<SweepResult>;
  close(): Promise<void>;
}

export interface RunJobsOptions {
  concurrency: number;
  progress?: SweepProgress;
}

/** One line of progress for a finished run. */
export function resultSummary(result: SweepResult): string {
  const v = (key: string): string => {
    const x = result.metrics[key]?.value;
    return x === null || x === undefined ? 'undef' : x.toFixed(3);
  };
  return `${result.verdict.algorithm} (acc ${v('accuracy')}, GS ${v('gradientSymmetricity')}, DI ${v('distanceIrrelevance')}, circ ${v('circularity')})`;
}

/**
 * Runs the jobs not yet in the results file, `concurrency` at a time, committing each result
 * as it finishes. If a job fails, no new job starts; the ones in flight finish and are
 * committed, then the first error is thrown. The file is put in canonical order at the end
 * (also after a failure, so what was done is kept in order).
 */
export async function runJobs(jobs: readonly SweepJob[], results: ResultsFile, runner: JobRunner, options: RunJobsOptions): Promise<{ ran: number }> {
  const queue = jobs.filter((j) => !results.has(j.runid));
  let next = 0;
  let ran = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < queue.length) {
      const job = queue[next++]!;
      try {
        options.progress?.started(job.runid);
        const result = await runner.run(job);
        results.append(result);
        ran++;
        options.progress?.finished(job.runid, resultSummary(result));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, lane));
  } finally {
    results.canonicalise();
  }
  if (failure !== undefined) throw failure.error;
  return { ran };
}
