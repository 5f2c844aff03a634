import { describe, expect, it } from 'vitest';
import { progressLine, progressReporter } from './progress.js';

const at = (step: number) => ({ step, steps: 10, trainLoss: 0.5, testLoss: 0.25, trainAcc: 1, testAcc: 0.5, elapsedMs: (step + 1) * 1000 });

describe('progress', () => {
  it('a line holds step, loss, test accuracy and the ETA', () => {
    expect(progressLine(at(1))).toBe('step 2/10 loss 5.000e-1 test loss 2.500e-1 test acc 0.500 ETA 0m08s');
    expect(progressLine(at(9))).toMatch(/step 10\/10 .* in 0m10s$/);
  });

  it('off a terminal: plain lines at the interval and at the end', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const report = progressReporter(stream, 'run', 4);
    for (let s = 0; s < 10; s++) report(at(s));
    expect(lines.map((l) => l.split(' ')[2])).toEqual(['4/10', '8/10', '10/10']);
    expect(lines.every((l) => l.startsWith('run step') && l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });

  it('on a terminal: a bar redrawn in place, ended by a newline', () => {
    const out: string[] = [];
    const stream = { isTTY: true, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
    const report = progressReporter(stream);
    for (let s = 0; s < 10; s++) report(at(s));
    expect(out[0]).toMatch(/^\r\x1b\[2K\[#+\.+\] step 1\/10/);
    expect(out[out.length - 1]).toMatch(/\[#{24}\] step 10\/10 .*\n$/);
  });
});
