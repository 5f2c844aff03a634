import { spawnSync } from 'node:child_process';
import { BIN, ensureBuilt } from './built-bin.js';

export interface BinRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The process's peak resident memory, in MB (so a refusal that came after a big allocation shows). */
  peakMb: number;
}

const PEAK = '\u0000peak-rss-kb ';

/**
 * Runs the built `clockpizza <args>` in a fresh process, as the bin runs (exit codes included),
 * and reports its peak memory. Not a test file itself: shared by the issue-18 regression tests.
 */
export function runBin(args: readonly string[]): BinRun {
  ensureBuilt();
  // Preloaded before the bin itself, so the bin runs exactly as installed (its exit codes included).
  const reportPeak = `process.on('exit', () => process.stderr.write(${JSON.stringify(PEAK)} + process.resourceUsage().maxRSS + '\\n'));`;
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(reportPeak)}`, BIN, ...args], { encoding: 'utf8' });
  const at = run.stderr.lastIndexOf(PEAK);
  if (at < 0) throw new Error(`no peak memory reported; stderr: ${run.stderr}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.slice(0, at), peakMb: Number(run.stderr.slice(at + PEAK.length)) / 1024 };
}
