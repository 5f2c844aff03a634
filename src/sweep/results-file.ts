import { existsSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';
import { appendDurably, replaceDurably } from './durable-write.js';
import type { SweepJob } from './grid.js';
import { assertSweepResult, resultLines, type SweepResult } from './results.js';
import { readText } from './text-file.js';

/**
 * A sweep's results JSONL as the sweep itself keeps it: one complete line per finished run.
 *
 * Durability: a finished run is committed by appending its line with one write and an fsync,
 * so a killed sweep loses only the runs in flight. A kill during that write can leave a torn
 * last line (no newline); on opening, such a tail is set aside in a side file with a warning,
 * never silently dropped, and complete lines are never touched.
 *
 * Order: lines are appended in completion order (with --jobs 2 that is not job order, and a
 * resumed sweep appends after lines of the previous attempt). Re-sorting on every append would
 * rewrite the whole file per run (quadratic in the sweep's size); instead the file is rewritten
 * in job-index order, atomically, when it is opened and when the sweep's work list is done.
 * A finished sweep, interrupted or not, therefore holds the same bytes: lines are
 * deterministic (no timings or host names in them) and in one canonical order.
 */

export interface ResultsFileOptions {
  /** Keep lines that do not belong to the plan by setting them aside instead of refusing. */
  force?: boolean;
  warn?: (message: string) => void;
}

interface StoredLine {
  index: number;
  text: string;
}

/** Whether a stored line is the result of this job (same id, and the settings the id does not encode). */
function matchesJob(result: SweepResult, job: SweepJob): boolean {
  return result.seed === job.seed && result.steps === job.steps && result.attn === job.attn && result.width === job.width && result.layers === job.layers;
}

export class ResultsFile {
  private readonly lines = new Map<string, StoredLine>();
  private readonly byId: Map<string, SweepJob>;

  private constructor(
    readonly path: string,
    jobs: readonly SweepJob[],
  ) {
    this.byId = new Map(jobs.map((j) => [j.runid, j]));
  }

  /**
   * Reads (or creates) the file for a job list, repairing a torn tail and putting complete
   * lines in canonical order. Lines that are not results of this job list are an error, or
   * with `force` are moved to `<path>.set-aside-<time>`.
   */
  static open(path: string, jobs: readonly SweepJob[], options: ResultsFileOptions = {}): ResultsFile {
    const warn = options.warn ?? ((m: string) => console.warn(m));
    const file = new ResultsFile(path, jobs);
    if (!existsSync(path)) {
      replaceDurably(path, '');
      return file;
    }
    const text = readText(path);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const cut = text.lastIndexOf('\n') + 1;
    const tail = text.slice(cut);
    let changed = false;
    if (tail.length > 0) {
      const aside = `${path}.torn-${stamp}`;
      replaceDurably(aside, tail);
      warn(`${path}: the last line was incomplete (${tail.length} bytes, a sweep killed while writing it); set aside in ${aside}; that run will be redone`);
      changed = true;
    }
    const foreign: string[] = [];
    const changedByOthers = () => ' (a complete line: the file was changed by something other than the sweep)';
    for (const { result, text: trimmed, where } of resultLines(text.slice(0, cut), path, changedByOthers)) {
      const job = file.byId.get(result.runid);
      if (job === undefined || !matchesJob(result, job)) {
        if (!options.force) {
          const why = job === undefined ? `run ${JSON.stringify(result.runid)} is not in this sweep's plan` : `run ${JSON.stringify(result.runid)} was trained with other settings than this plan's`;
          throw new ClockpizzaError(`${why} (use --force to set such lines aside and continue)`, { file: where, field: 'runid' });
        }
        foreign.push(trimmed);
        continue;
      }
      const first = file.lines.get(result.runid);
      if (first !== undefined) {
        // A second line for a run (two sweeps on one directory before the lock existed): the
        // first is kept so that a resume is always possible; a differing second is set aside.
        if (first.text !== trimmed) foreign.push(trimmed);
        warn(`${where}: run ${JSON.stringify(result.runid)} appears twice; ${first.text === trimmed ? 'the copy was dropped' : 'the second, differing line is set aside'}`);
        changed = true;
        continue;
      }
      file.lines.set(result.runid, { index: job.index, text: trimmed });
    }
    if (foreign.length > 0) {
      const aside = `${path}.set-aside-${stamp}`;
      replaceDurably(aside, foreign.join('\n') + '\n');
      warn(`${path}: ${foreign.length} line(s) not in this plan, or second copies, moved to ${aside}`);
      changed = true;
    }
    if (changed || file.canonicalText() !== text) file.canonicalise();
    return file;
  }

  has(runid: string): boolean {
    return this.lines.has(runid);
  }

  get size(): number {
    return this.lines.size;
  }

  /** The stored result of a finished run. */
  result(runid: string): SweepResult | undefined {
    const line = this.lines.get(runid);
    return line === undefined ? undefined : (JSON.parse(line.text) as SweepResult);
  }

  /** Replaces a finished run's line (validated like an appended one) and rewrites the file atomically. */
  replace(result: SweepResult): void {
    const job = this.byId.get(result.runid);
    const where = `${this.path} (new line for ${result.runid})`;
    const line = this.lines.get(result.runid);
    if (job === undefined || line === undefined || !matchesJob(result, job)) throw new ClockpizzaError('not a finished run of this sweep', { file: where, field: 'runid' });
    assertSweepResult(result, where);
    this.lines.set(result.runid, { index: line.index, text: JSON.stringify(result) });
    this.canonicalise();
  }

  /** Validates the result against the schema and the job, then commits it (one write + fsync). */
  append(result: SweepResult): void {
    const job = this.byId.get(result.runid);
    const where = `${this.path} (new line for ${result.runid})`;
    if (job === undefined || !matchesJob(result, job)) throw new ClockpizzaError('the result does not belong to this sweep', { file: where, field: 'runid' });
    if (this.lines.has(result.runid)) throw new ClockpizzaError('this run is already in the file', { file: where, field: 'runid' });
    const text = JSON.stringify(result);
    assertSweepResult(JSON.parse(text), where);
    appendDurably(this.path, text + '\n');
    this.lines.set(result.runid, { index: job.index, text });
  }

  /**
   * Adds the complete lines of another results file of the same plan (a shard's) that are not
   * here yet; returns how many. Lines are checked as on opening; a torn tail is ignored.
   */
  absorb(path: string): number {
    const text = readText(path);
    let added = 0;
    for (const { result, text: trimmed, where } of resultLines(text.slice(0, text.lastIndexOf('\n') + 1), path)) {
      const job = this.byId.get(result.runid);
      if (job === undefined || !matchesJob(result, job)) throw new ClockpizzaError(`run ${JSON.stringify(result.runid)} is not in this sweep's plan`, { file: where, field: 'runid' });
      const existing = this.lines.get(result.runid);
      if (existing !== undefined) {
        if (existing.text !== trimmed) throw new ClockpizzaError(`run ${JSON.stringify(result.runid)} differs from the line already merged (training should reproduce bit for bit)`, { file: where, field: 'runid' });
        continue;
      }
      appendDurably(this.path, trimmed + '\n');
      this.lines.set(result.runid, { index: job.index, text: trimmed });
      added++;
    }
    return added;
  }

  /** The lines in job order, each ending with a newline. */
  canonicalText(): string {
    return [...this.lines.values()]
      .sort((x, y) => x.index - y.index)
      .map((l) => l.text + '\n')
      .join('');
  }

  /** Rewrites the file in job order (atomically; a kill leaves the old or the new file). */
  canonicalise(): void {
    replaceDurably(this.path, this.canonicalText());
  }
}
