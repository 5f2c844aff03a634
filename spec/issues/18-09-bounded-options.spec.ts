import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { MAX_TRAINED_PARAMETERS, transformerParameters } from '../../src/cli/bounds.js';
import { editDistance } from '../../src/cli/command.js';

// Issue 18.9: `--width 100000` and `--layers 1000000` ran out of memory or hung, `--seeds 10⁹
// --plan` hung, `--attn 0x1` was taken as 1 and `--steps -5` was called a missing value. Every
// number option now has a range, checked (with a message naming option and range) before
// anything is allocated; only decimal text is a number. Each case returns promptly (the bound
// allows for loading the command's modules on a loaded 2-core host).

const refused = async (...argv: string[]) => {
  const started = Date.now();
  const r = await runCli(argv);
  expect(r.code).toBe(2);
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr.split('\n')[0]!;
};

describe('number options are bounded, named and decimal', () => {
  it('train: width, layers, steps, their product, hexadecimal and negative values', async () => {
    expect(await refused('train', '--attn', '0', '--width', '100000', '--out', 'never')).toBe('clockpizza train: --width: must be an integer in [1, 1024], got 100000');
    expect(await refused('train', '--attn', '0', '--layers', '1000000', '--out', 'never')).toBe('clockpizza train: --layers: must be an integer in [1, 16], got 1000000');
    expect(await refused('train', '--attn', '0', '--steps', '-5', '--out', 'never')).toBe('clockpizza train: --steps: must be an integer in [0, 10000000], got -5');
    expect(await refused('train', '--attn', '0x1', '--out', 'never')).toBe('clockpizza train: --attn: expected a number, got "0x1"');
    expect(await refused('train', '--attn', 'Infinity', '--out', 'never')).toBe('clockpizza train: --attn: expected a number, got "Infinity"');
    expect(await refused('train', '--attn', '0', '--width', '1024', '--layers', '16', '--out', 'never')).toMatch(/^clockpizza train: --width, --layers: width 1024 × 16 layer\(s\) is [\d,]+ parameters, more than the 16,777,216/);
  });

  it('sweep: the number of runs, each list value and the seeds are bounded before the job list is built', async () => {
    expect(await refused('sweep', '--attn', '0', '--seeds', '1000000000', '--plan')).toBe('clockpizza sweep: --seeds: must be an integer in [1, 10000], got 1000000000');
    expect(await refused('sweep', '--attn', '0:1:0.001', '--seeds', '100', '--plan')).toMatch(/^clockpizza sweep: --seeds: the grid has 100,100 runs, more than 100,000$/);
    expect(await refused('sweep', '--attn', '0', '--width', '64,100000', '--plan')).toBe('clockpizza sweep: --width: must be an integer in [1, 1024], got 100000');
    expect(await refused('sweep', '--attn', '0,0x1', '--plan')).toBe('clockpizza sweep: --attn: expected a number, got "0x1"');
    expect(await refused('sweep', '--attn', '0', '--jobs', '0', '--plan')).toBe('clockpizza sweep: --jobs: must be an integer in [1, 256], got 0');
  });

  it('inspect, compare and phase options too', async () => {
    expect(await refused('inspect', 'x.pt', '--attn', '0x1')).toBe('clockpizza inspect: --attn: expected a number, got "0x1"');
    expect(await refused('compare', 'x.jsonl', '--reference', 'y.csv', '--alpha', '1')).toBe('clockpizza compare: --alpha: must be a number in (0, 1), got 1');
    expect(await refused('compare', 'x.jsonl', '--reference', 'y.csv', '--draws', '1e9')).toBe('clockpizza compare: --draws: must be an integer in [1, 100000], got 1e9');
    expect(await refused('phase', 'x.csv', '--summary', '--layers', '2.5')).toBe('clockpizza phase: --layers: must be an integer in [1, 16], got 2.5');
  });

  it('help shows each range', async () => {
    const help = await runCli(['train', '--help']);
    expect(help.stdout).toMatch(/--width D +.*; an integer in \[1, 1024\]/);
  });

  it('the largest allowed model stays within the parameter budget', () => {
    expect(transformerParameters(1024, 1)).toBeLessThanOrEqual(MAX_TRAINED_PARAMETERS);
    expect(transformerParameters(256, 16)).toBeLessThanOrEqual(MAX_TRAINED_PARAMETERS);
    expect(editDistance('outt', 'out')).toBe(1);
  });
});
