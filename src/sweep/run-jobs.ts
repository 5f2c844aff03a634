import type { SweepJob } from './grid.js';
import { inLanes } from './lanes.js';
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
  let ran = 0;
  try {
    await inLanes(queue, options.concurrency, async (job) => {
      options.progress?.started(job.runid);
      const result = await runner.run(job);
      results.append(result);
      ran++;
      options.progress?.finished(job.runid, resultSummary(result));
    });
  } finally {
    results.canonicalise();
  }
  return { ran };
}
