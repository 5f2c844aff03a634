import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { writePt } from '../io/pt-writer.js';
import { writeSafetensors } from '../io/safetensors.js';
import { hasReference, referenceCheckpoint, referenceExpected } from '../reference.js';
import { randomLensTransformer, randomMlp, randomReferenceTransformer } from '../model/random-weights.js';
import { parseOptions } from './command.js';
import { command, formatInspect, inspectCheckpoint, parseInput, type InspectResult } from './inspect.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clockpizza-inspect-'));
  writePt(join(dir, 'model_tiny.pt'), randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 1 }));
  writeFileSync(join(dir, 'config_tiny.json'), JSON.stringify({ C: 7, n_layers: 1, n_heads: 2, d_model: 8, act_fn: 'ReLU', attn_coeff: 0.5, diff_vocab: 0, eqn_sign: 0 }));
  writePt(join(dir, 'noconfig.pt'), randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 1 }));
  writeSafetensors(join(dir, 'lens.safetensors'), randomLensTransformer({ p: 7, d: 8, heads: 2, layers: 1 }));
  writePt(join(dir, 'mlp.pt'), randomMlp('D', 7, 8));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the command in-process and returns its stdout. */
async function run(argv: string[], options: Record<string, unknown> = {}): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await command.run(argv, options);
  vi.restoreAllMocks();
  return { code, out };
}

describe('clockpizza inspect', () => {
  it('prints architecture, parameter count, norm and accuracy', async () => {
    const { code, out } = await run([join(dir, 'model_tiny.pt')]);
    expect(code).toBe(0);
    expect(out).toMatch(/architecture {2}transformer \(reference\) 1 layer d=8 H=2 dh=4 ReLU α=0\.5 p=7 V=7/);
    // W_E 56 + W_pos 16 + W_U 56 + 3·(2·4·8) + W_O 64 + W_in 256 + b_in 32 + W_out 256 + b_out 8 (mask excluded)
    expect(out).toMatch(/parameters {4}936\n/);
    expect(out).toMatch(/accuracy {6}0\.\d{6} over all pairs/);
    expect(out).toMatch(/sidecar {7}.*config_tiny\.json/);
  });

  it('--json prints one object with architecture, parameterCount, parameterNorm, accuracy and logits for --input', async () => {
    const { out } = await run([join(dir, 'model_tiny.pt')], { json: true, input: '3,4' });
    const result = JSON.parse(out) as InspectResult;
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(result.architecture).toMatchObject({ family: 'transformer', layout: 'reference', attnCoeff: 0.5 });
    expect(result.parameterCount).toBe(936);
    expect(result.parameterNorm).toBeGreaterThan(0);
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.input).toEqual([3, 4]);
    expect(result.logits).toHaveLength(7);
    expect(result.prediction).toBe(result.logits!.indexOf(Math.max(...result.logits!)));
  });

  it('--attn supplies α when there is no sidecar; without it the error names attn_coeff', async () => {
    await expect(run([join(dir, 'noconfig.pt')])).rejects.toThrow(/noconfig\.pt: attn_coeff: .*--config or --attn/);
    const { out } = await run([join(dir, 'noconfig.pt')], { attn: 1, json: true });
    expect((JSON.parse(out) as InspectResult).architecture).toMatchObject({ attnCoeff: 1, attnCoeffSource: 'option' });
    expect(() => parseOptions(command, [join(dir, 'noconfig.pt'), '--attn', '2'])).toThrow(/--attn: must be a number in \[0, 1\], got 2/);
  });

  it('runs TransformerLens safetensors without a sidecar (synthesised, assumptions listed) and MLP-only models', async () => {
    const lens = await inspectCheckpoint(join(dir, 'lens.safetensors'));
    expect(lens.sidecar).toBeNull();
    expect(lens.description).toMatch(/transformer-lens.*biases, causal mask/);
    expect(formatInspect(lens)).toMatch(/assumption {4}act_fn assumed ReLU/);
    const mlp = await inspectCheckpoint(join(dir, 'mlp.pt'));
    expect(mlp.description).toBe('MLP-only type D embed=4 hidden=8 p=7');
  });

  it('bad inputs are ClockpizzaErrors naming what is wrong', async () => {
    await expect(run([])).rejects.toThrow(ClockpizzaError);
    await expect(run(['a.pt', 'b.pt'])).rejects.toThrow(/exactly one checkpoint/);
    await expect(run([join(dir, 'missing.pt')])).rejects.toThrow(ClockpizzaError);
    await expect(run([join(dir, 'model_tiny.pt')], { input: '3,7' })).rejects.toThrow(/--input: expected two integers a,b in \[0, 6\], got "3,7"/);
    await expect(run([join(dir, 'model_tiny.pt')], { config: join(dir, 'nope.json') })).rejects.toThrow(/nope\.json: no such file/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ C: 7, attn_coeff: 0.5, d_model: 16 }));
    await expect(run([join(dir, 'model_tiny.pt')], { config: bad })).rejects.toThrow(/model_tiny\.pt: d_model: sidecar says d_model = 16 but the tensors say 8/);
  });

  it('parseInput accepts "a,b" in range only', () => {
    expect(parseInput(' 1, 58', 59)).toEqual([1, 58]);
    for (const bad of ['1', '1,2,3', '-1,2', '1.5,2', 'a,b', '59,0', '']) expect(() => parseInput(bad, 59)).toThrow(ClockpizzaError);
  });
});

if (!hasReference()) console.warn('skipping inspect on Model A: CLOCKPIZZA_REFERENCE absent');

describe.skipIf(!hasReference())('clockpizza inspect on Model A', () => {
  it('reports the reference accuracy, norm and sample logits', async () => {
    const expected = JSON.parse(readFileSync(referenceExpected('p99zdpze5l'), 'utf8')) as { parameter_norm: number; sample_logits: { inputs: number[][]; logits: number[][] } };
    const [a, b] = expected.sample_logits.inputs[6]!;
    const { out } = await run([referenceCheckpoint('p99zdpze5l')], { json: true, input: `${a},${b}` });
    const result = JSON.parse(out) as InspectResult;
    expect(result.accuracy).toBe(1);
    expect(result.parameterCount).toBe(212_608);
    expect(Math.abs(result.parameterNorm! / expected.parameter_norm - 1)).toBeLessThan(1e-4);
    result.logits!.forEach((v, c) => expect(Math.abs(v - expected.sample_logits.logits[6]![c]!)).toBeLessThan(1e-4));
  });
});
