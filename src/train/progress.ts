import type { ProgressCallback, TrainProgress } from './trainer.js';

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

export function progressLine(p: TrainProgress): string {
  const done = p.step + 1;
  const eta = done < p.steps ? ` ETA ${duration((p.elapsedMs / done) * (p.steps - done))}` : ` in ${duration(p.elapsedMs)}`;
  return `step ${done}/${p.steps} loss ${p.trainLoss.toExponential(3)} test loss ${p.testLoss.toExponential(3)} test acc ${p.testAcc.toFixed(3)}${eta}`;
}

/**
 * Progress on a stream: on a terminal a bar redrawn in place (at most every 100 ms); otherwise
 * a plain line every `every` steps (default: 10 lines per run) and at the end.
 */
export function progressReporter(stream: NodeJS.WriteStream, label = '', every?: number): ProgressCallback {
  const prefix = label ? `${label} ` : '';
  if (stream.isTTY) {
    let last = 0;
    return (p) => {
      const now = performance.now();
      const final = p.step + 1 === p.steps;
      if (!final && now - last < 100) return;
      last = now;
      const width = 24;
      const filled = Math.round((width * (p.step + 1)) / p.steps);
      stream.write(`\r\x1b[2K${prefix}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progressLine(p)}${final ? '\n' : ''}`);
    };
  }
  return (p) => {
    const interval = every ?? Math.max(1, Math.ceil(p.steps / 10));
    if ((p.step + 1) % interval === 0 || p.step + 1 === p.steps) stream.write(`${prefix}${progressLine(p)}\n`);
  };
}
