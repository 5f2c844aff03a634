/**
 * Sweep progress on stderr: runs done of total and the time left. The estimate uses the mean
 * duration of this session's finished runs (earlier sessions' timings are not kept in the
 * deterministic results): what the runs in flight still need plus the queued runs, shared among
 * the lanes (issue 18.19: wall time per finished run ignored --jobs while the first runs of all
 * lanes were still finishing). On a terminal one line is redrawn; otherwise (a log file, a batch
 * job) one line per finished run.
 */

export interface ProgressOptions {
  total: number;
  /** Runs already finished before this session (skipped). */
  already: number;
  concurrency: number;
  write?: (text: string) => void;
  isTTY?: boolean;
  /** The command named in the first and last line (default 'sweep') and what it counts (default 'runs'). */
  name?: string;
  unit?: string;
  now?: () => number;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m % 60).padStart(2, '0')}m`;
}

export class SweepProgress {
  private done: number;
  private finishedHere = 0;
  private busyMs = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly start: number;
  private readonly write: (text: string) => void;
  private readonly tty: boolean;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.done = options.already;
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.write = options.write ?? ((t) => process.stderr.write(t));
    this.tty = options.isTTY ?? process.stderr.isTTY === true;
  }

  /** Estimated ms left: (what the runs in flight still need + queued runs × mean run time) / lanes. */
  etaMs(): number | undefined {
    if (this.finishedHere === 0) return undefined;
    const perRun = this.busyMs / this.finishedHere;
    const now = this.now();
    let work = (this.options.total - this.done - this.inFlight.size) * perRun;
    for (const started of this.inFlight.values()) work += Math.max(0, perRun - (now - started));
    return work / Math.max(1, this.options.concurrency);
  }

  /** A run started (its duration is measured from here). */
  started(runid: string): void {
    this.inFlight.set(runid, this.now());
  }

  begin(): void {
    const { total, already } = this.options;
    const { name = 'sweep', unit = 'runs' } = this.options;
    this.write(`${name}: ${total} ${unit}, ${already} already done, ${total - already} to run, ${this.options.concurrency} at a time\n`);
  }

  finished(runid: string, summary: string): void {
    this.done++;
    this.finishedHere++;
    // A run reported without started() counts from the session's start.
    this.busyMs += this.now() - (this.inFlight.get(runid) ?? this.start);
    this.inFlight.delete(runid);
    const eta = this.etaMs();
    const line = `[${this.done}/${this.options.total}] ${runid} ${summary}; ${formatDuration(this.now() - this.start)} elapsed, about ${formatDuration(eta ?? NaN)} left`;
    this.write(this.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  end(): void {
    if (this.tty && this.finishedHere > 0) this.write('\n');
    const { name = 'sweep', unit = 'runs' } = this.options;
    const where = name === 'sweep' ? ' in this directory' : '';
    this.write(`${name}: ${this.done}/${this.options.total} ${unit} done${where}${this.finishedHere ? `, ${this.finishedHere} in ${formatDuration(this.now() - this.start)}` : ''}\n`);
  }
}
