/**
 * Sweep progress on stderr: runs done of total and the time left, estimated as this session's
 * wall time per finished run (runs in parallel overlap, so this is already per throughput; earlier
 * sessions' timings are not kept in the deterministic results) times the runs left. On a
 * terminal one line is redrawn; otherwise (a log file, a batch job) one line per finished run.
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

  /** Estimated ms left: wall time per finished run in this session × runs left. */
  etaMs(): number | undefined {
    if (this.finishedHere === 0) return undefined;
    const perRun = (this.now() - this.start) / this.finishedHere;
    return perRun * (this.options.total - this.done);
  }

  begin(): void {
    const { total, already } = this.options;
    const { name = 'sweep', unit = 'runs' } = this.options;
    this.write(`${name}: ${total} ${unit}, ${already} already done, ${total - already} to run, ${this.options.concurrency} at a time\n`);
  }

  finished(runid: string, summary: string): void {
    this.done++;
    this.finishedHere++;
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
