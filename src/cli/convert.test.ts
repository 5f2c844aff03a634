import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { readPt } from '../io/pt.js';
import { writePt } from '../io/pt-writer.js';
import { readSafetensors } from '../io/safetensors.js';
import { hasReference, REFERENCE_RUNS, referenceCheckpoint } from '../reference.js';
import { loadCheckpoint } from '../model/load.js';
import { randomLensTransformer, randomReferenceTransformer } from '../model/random-weights.js';
import { command, convertCheckpoint, firstMismatch, sidecarPathFor } from './convert.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clockpizza-convert-'));
  writePt(join(dir, 'model_tiny.pt'), randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 2 }));
  writeFileSync(join(dir, 'config_tiny.json'), JSON.stringify({ C: 7, n_layers: 2, n_heads: 4, d_model: 8, attn_coeff: 0.5, funcs: 'lambda x: (x[0]+x[1])%7' }));
  writeFileSync(join(dir, 'config_good.json'), JSON.stringify({ C: 7, n_layers: 2, n_heads: 2, d_model: 8, attn_coeff: 0.5, diff_vocab: 0, funcs: 'lambda x: (x[0]+x[1])%7' }));
  writePt(join(dir, 'lens.pt'), randomLensTransformer({ p: 7, d: 8, heads: 2, layers: 1 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clockpizza convert', () => {
  it('writes bit-identical tensors (mask buffers included) and the sidecar as <stem>.json, which then loads', async () => {
    const out = join(dir, 'tiny.safetensors');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await command.run([join(dir, 'model_tiny.pt'), out], { config: join(dir, 'config_good.json') });
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(firstMismatch(readPt(join(dir, 'model_tiny.pt')), readSafetensors(out).tensors)).toBeUndefined();
    expect(sidecarPathFor(out)).toBe(join(dir, 'tiny.json'));
    expect(JSON.parse(readFileSync(join(dir, 'tiny.json'), 'utf8'))).toMatchObject({ C: 7, attn_coeff: 0.5, diff_vocab: 0 });
    const original = await loadCheckpoint(join(dir, 'model_tiny.pt'), { config: join(dir, 'config_good.json') });
    const converted = await loadCheckpoint(out);
    expect(converted.format).toBe('safetensors');
    expect(Array.from(converted.network.allLogits())).toEqual(Array.from(original.network.allLogits()));
  });

  it('checks the model before writing anything: a sidecar that contradicts the tensors is refused', () => {
    const out = join(dir, 'contradicted.safetensors');
    expect(() => convertCheckpoint(join(dir, 'model_tiny.pt'), out)).toThrow(/model_tiny\.pt: n_heads: sidecar says n_heads = 4 but the tensors say 2/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite without --force, and overwrites with it', () => {
    const out = join(dir, 'again.safetensors');
    const config = join(dir, 'config_good.json');
    convertCheckpoint(join(dir, 'model_tiny.pt'), out, { config });
    expect(() => convertCheckpoint(join(dir, 'model_tiny.pt'), out, { config })).toThrow(/again\.safetensors: exists already \(use --force to overwrite\)/);
    rmSync(out);
    expect(() => convertCheckpoint(join(dir, 'model_tiny.pt'), out, { config })).toThrow(/again\.json: exists already/);
    expect(() => convertCheckpoint(join(dir, 'model_tiny.pt'), out, { config, force: true })).not.toThrow();
  });

  it('synthesises a sidecar for TransformerLens files and with --attn for bare reference files', async () => {
    const out = join(dir, 'lens.safetensors');
    const written = convertCheckpoint(join(dir, 'lens.pt'), out);
    expect(written.synthesised).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'lens.json'), 'utf8'))).toMatchObject({ C: 7, attn_coeff: 1, layout: 'transformer-lens' });
    expect((await loadCheckpoint(out)).architecture).toMatchObject({ layout: 'transformer-lens', p: 7 });
    writePt(join(dir, 'bare.pt'), randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 1 }));
    expect(() => convertCheckpoint(join(dir, 'bare.pt'), join(dir, 'bare.safetensors'))).toThrow(/attn_coeff/);
    convertCheckpoint(join(dir, 'bare.pt'), join(dir, 'bare.safetensors'), { attn: 0 });
    expect((await loadCheckpoint(join(dir, 'bare.safetensors'))).architecture).toMatchObject({ attnCoeff: 0, attnCoeffSource: 'sidecar' });
  });

  it('bad arguments are ClockpizzaErrors', async () => {
    await expect(command.run([join(dir, 'model_tiny.pt')], {})).rejects.toThrow(ClockpizzaError);
    expect(() => convertCheckpoint(join(dir, 'model_tiny.pt'), join(dir, 'x.bin'))).toThrow(/must end in \.safetensors/);
    expect(() => convertCheckpoint(join(dir, 'missing.pt'), join(dir, 'm.safetensors'))).toThrow(ClockpizzaError);
  });
});

if (!hasReference()) console.warn('skipping convert of the released checkpoints: CLOCKPIZZA_REFERENCE absent');

describe.skipIf(!hasReference())('convert the released checkpoints', () => {
  it.each(REFERENCE_RUNS.map((r) => r.runid))('%s: .pt → safetensors → read is bit-identical, the sidecar is kept', (runid) => {
    const out = join(dir, `model_${runid}.safetensors`);
    convertCheckpoint(referenceCheckpoint(runid), out);
    expect(firstMismatch(readPt(referenceCheckpoint(runid)), readSafetensors(out).tensors)).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, `model_${runid}.json`), 'utf8'))).toMatchObject({ runid });
  });
});
