import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

const root = mkdtempSync(join(tmpdir(), 'clockpizza-cli-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const errors: string[] = [];
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return { code: await main(['train', ...args]), stderr: errors.join('\n') };
  } finally {
    err.mockRestore();
    log.mockRestore();
  }
}

describe('clockpizza train', () => {
  it('trains and writes the four files, weights last; refuses to overwrite without --force', async () => {
    const out = join(root, 'run');
    expect((await run(['--attn', '0.25', '--width', '8', '--steps', '3', '--seed', '9', '--out', out, '--quiet'])).code).toBe(0);
    for (const f of ['model.safetensors', 'model.json', 'split.json', 'curve.csv']) expect(existsSync(join(out, f))).toBe(true);
    const before = readFileSync(join(out, 'model.safetensors'));
    const again = await run(['--attn', '0.25', '--width', '8', '--steps', '3', '--seed', '10', '--out', out, '--quiet']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a run.*--force/);
    expect(readFileSync(join(out, 'model.safetensors'))).toEqual(before);
    expect((await run(['--attn', '0.25', '--width', '8', '--steps', '3', '--seed', '10', '--out', out, '--quiet', '--force'])).code).toBe(0);
    expect(readFileSync(join(out, 'model.safetensors'))).not.toEqual(before);
  });

  it('refuses a directory holding part of a run too (an interrupted one)', async () => {
    const out = join(root, 'partial');
    mkdirSync(out);
    writeFileSync(join(out, 'curve.csv'), 'step\n');
    expect((await run(['--attn', '0', '--width', '8', '--steps', '1', '--out', out, '--quiet'])).code).toBe(2);
  });

  it.each([
    [['--attn', '0', '--steps=-5'], '--steps'],
    [['--attn', '0', '--steps', '2.5'], '--steps'],
    [['--attn', '0', '--steps', 'many'], '--steps'],
    [['--attn', '1.5'], '--attn'],
    [['--attn=-0.5'], '--attn'],
    [[], '--attn'],
    [['--attn', '0', '--act', 'tanh'], '--act'],
    [['--attn', '0', '--model', 'rnn'], '--model'],
    [['--attn', '0', '--unknown'], 'unknown'],
    [['--attn', '0', '--seed', '-1'], '--seed'],
    [['--attn', '0', '--width', '0'], '--width'],
    [['--attn', '0', 'extra'], 'extra'],
    [['--attn', '0', '--audit-every', '0'], '--audit-every'],
    [['--attn', '0', '--audit-every', '2.5'], '--audit-every'],
    [['--attn', '0', '--rule', 'spec/rules/paper.json'], '--rule'],
    [['--attn', '0', '--audit-every', '5', '--stable-window', '4'], '--stable-window'],
    [['--attn', '0', '--stop-when-stable', '--stable-window', '1'], '--stable-window'],
    [['--attn', '0', '--stop-when-stable', '--stable-tolerance', '-0.1'], '--stable-tolerance'],
    [['--attn', '0', '--audit-every', '5', '--rule', 'no/such/rule.json'], 'rule.json'],
  ])('%j is a clear error (exit 2) naming %s', async (args, what) => {
    const { code, stderr } = await run([...args, '--out', join(root, 'never'), '--quiet']);
    expect(code).toBe(2);
    expect(stderr.toLowerCase()).toContain(what.toLowerCase());
    expect(existsSync(join(root, 'never', 'model.safetensors'))).toBe(false);
  });

  it('--audit-every K writes dynamics.jsonl (header + a snapshot every K steps and the last); --force clears it when the rerun has none', async () => {
    const out = join(root, 'audited');
    expect((await run(['--attn', '0', '--width', '8', '--steps', '7', '--seed', '2', '--audit-every', '3', '--out', out, '--quiet'])).code).toBe(0);
    const lines = readFileSync(join(out, 'dynamics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; step?: number });
    expect(lines.map((l) => l.step ?? l.kind)).toEqual(['header', 0, 3, 6, 7]);
    expect((await run(['--attn', '0', '--width', '8', '--steps', '7', '--seed', '2', '--out', out, '--quiet', '--force'])).code).toBe(0);
    expect(existsSync(join(out, 'dynamics.jsonl'))).toBe(false);
  });
});
