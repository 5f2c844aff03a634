import type { Rules } from '../audit/rules.js';
import { inLanes } from '../sweep/lanes.js';
import type { SweepProgress } from '../sweep/progress.js';
import { isNotARun } from '../sweep/results.js';
import { resultSummary } from '../sweep/run-jobs.js';
import { LanePool, workerScript } from '../sweep/lane-pool.js';
import type { PopulationFile } from './population-file.js';
import type { PopulationLine } from './row.js';
import type { PopulationRequest } from './worker.js';

/** Audits one file: in this thread, or in a pool of worker processes. */
export interface FileAuditor {
  audit(path: string): Promise<PopulationLine>;
  close(): Promise<void>;
}

export type PopulationAuditSettings = Omit<PopulationRequest, 'path'>;

/**
 * One lane: audits in this thread (the engine and the rules set up once for all files). The
 * auditing code is loaded here, not at the top: with worker processes this process never audits,
 * and loading it (tfjs, mathjs: ≈ 1.2 s) would only delay their start.
 */
export async function inThisThread(settings: PopulationAuditSettings, rules: Rules): Promise<FileAuditor> {
  const { auditForPopulation } = await import('./row.js');
  const { rule: _rule, ...load } = settings;
  return { audit: (path) => auditForPopulation(path, { ...load, rules }), close: async () => {} };
}

/**
 * `lanes` child processes, each auditing one file at a time (tfjs-wasm computes on one core per
 * instance), with a garbage collector that keeps to its own core: V8's parallel and concurrent
 * collector threads would otherwise compete with the other lanes.
 */
export function inWorkers(lanes: number, settings: PopulationAuditSettings): FileAuditor {
  const script = workerScript(new URL('./worker.js', import.meta.url));
  const pool = new LanePool<PopulationRequest, PopulationLine>(lanes, script, { kind: 'process', execArgv: ['--single-threaded-gc'] });
  return { audit: (path) => pool.run({ ...settings, path }, path), close: () => pool.close() };
}

/** One line of progress for an audited file. */
export function lineSummary(line: PopulationLine): string {
  if (!isNotARun(line)) return resultSummary(line);
  return line.error !== undefined ? `error: ${line.error.message}` : `skipped: ${line.skipped}`;
}

/**
 * Audits the files not yet in the results file, `concurrency` at a time, committing each line
 * as it is made. A file that cannot be audited is an error line, not a failure; only a fault of
 * clockpizza itself (or of a worker) stops the run: the files in flight finish and are
 * committed, then it is thrown. The file is put in path order at the end either way.
 */
export async function auditPopulation(paths: readonly string[], out: PopulationFile, auditor: FileAuditor, options: { concurrency: number; progress?: SweepProgress }): Promise<{ audited: number; errors: number }> {
  const queue = paths.filter((p) => !out.has(p));
  let audited = 0;
  let errors = 0;
  try {
    await inLanes(queue, options.concurrency, async (path) => {
      // Timed from here, so the time left is per file, not per file since the start.
      options.progress?.started(path);
      const line = await auditor.audit(path);
      out.append(line);
      audited++;
      if (isNotARun(line) && line.error !== undefined) errors++;
      options.progress?.finished(path, lineSummary(line));
    });
  } finally {
    out.canonicalise();
  }
  return { audited, errors };
}
