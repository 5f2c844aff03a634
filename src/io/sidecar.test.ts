import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REFERENCE_RUNS, hasReference, referenceDir } from '../reference.js';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { findSidecar, parseSidecar, readSidecar, writeSidecar } from './sidecar.js';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (json: unknown) => parseSidecar(enc(JSON.stringify(json)), 'config_x.json');
const refused = (json: unknown) => clockpizzaErrorOf(() => parse(json)).message;

/** Shaped like the released transformer configs, but written here (nothing copied from the reference). */
const transformer = {
  name: 'modadd_59', funcs: 'lambda x: (x[0]+x[1])%59', C: 59, n_heads: 4, d_model: 128, n_layers: 1,
  attention_dir: 'casual', act_fn: 'ReLU', epoch: 20000, batch_size: 3481, lr: 0.001, weight_decay: 2.0,
  frac: 0.8, attn_coeff: 0.5, runid: 'abc', diff_vocab: 0, eqn_sign: 1, func: null,
};

describe('sidecar schema and normalisation', () => {
  test('a transformer config normalises flags and names', () => {
    const s = parse(transformer);
    expect(s).toMatchObject({ p: 59, nLayers: 1, dModel: 128, nHeads: 4, actFn: 'ReLU', attnCoeff: 0.5, diffVocab: false, eqnSign: true, runid: 'abc' });
    expect(s.modelType).toBeUndefined();
    expect(s.raw['funcs']).toBe('lambda x: (x[0]+x[1])%59');
  });

  test('flags as 0/1/false/true; extra keys and any attention_dir accepted', () => {
    for (const [v, b] of [[0, false], [1, true], [false, false], [true, true]] as const) {
      expect(parse({ ...transformer, diff_vocab: v }).diffVocab).toBe(b);
    }
    expect(parse({ ...transformer, attention_dir: 'bidirectional', something_new: [1] }).raw['something_new']).toEqual([1]);
    expect(parse({ C: 59 })).toMatchObject({ p: 59, diffVocab: false, eqnSign: false });
  });

  test('an MLP-only config', () => {
    expect(parse({ C: 59, model_type: 'D', n_vocab: 59, d_model: 256, d_hidden: 256, func: null })).toMatchObject({ modelType: 'D', dHidden: 256, nVocab: 59, dModel: 256 });
  });

  test('bad fields are named by JSON pointer', () => {
    expect(refused({ ...transformer, attn_coeff: 'half' })).toBe('config_x.json: /attn_coeff: must be number');
    expect(refused({ ...transformer, diff_vocab: 2 })).toBe('config_x.json: /diff_vocab: must be one of 0, 1, false, true');
    expect(refused({ ...transformer, act_fn: 'tanh' })).toMatch(/^config_x\.json: \/act_fn: must be one of "ReLU", "GeLU"/);
    expect(refused({ ...transformer, n_layers: 1.5 })).toBe('config_x.json: /n_layers: must be integer');
    expect(refused({ ...transformer, funcs: 3 })).toBe('config_x.json: /funcs: must be string');
    expect(refused({ ...transformer, model_type: 'Q' })).toMatch(/\/model_type: must be one of/);
    const { C: _c, ...noModulus } = transformer;
    expect(refused(noModulus)).toBe('config_x.json: /C: is required');
    expect(refused({ C: 59, d_model: -1, n_heads: 0 })).toMatch(/^config_x\.json: \/n_heads: must be >= 1 \(and 1 more: \/d_model: must be >= 1\)$/);
  });

  test('bad UTF-8, JSON syntax errors and non-objects name the file', () => {
    expect(clockpizzaErrorOf(() => parseSidecar(Uint8Array.from([0x7b, 0xff, 0x7d]), 'c.json')).message).toBe('c.json: is not valid UTF-8');
    expect(clockpizzaErrorOf(() => parseSidecar(enc('{"C": 59,'), 'c.json')).message).toMatch(/^c\.json: is not valid JSON/);
    expect(clockpizzaErrorOf(() => parseSidecar(enc('[59]'), 'c.json')).message).toBe('c.json: must be a JSON object, got an array');
    expect(clockpizzaErrorOf(() => readSidecar('/nonexistent/c.json')).message).toBe('/nonexistent/c.json: no such file');
  });

  test('writeSidecar validates, writes atomically and reads back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-sidecar-'));
    const path = join(dir, 'm.json');
    writeSidecar(path, transformer);
    expect(readSidecar(path).raw).toEqual(transformer);
    expect(clockpizzaErrorOf(() => writeSidecar(path, { C: 'x' })).message).toMatch(/\/C: must be integer/);
    expect(readdirSync(dir)).toEqual(['m.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(transformer);
  });
});

describe('findSidecar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clockpizza-find-'));
  const touch = (name: string) => writeFileSync(join(dir, name), '{}');
  touch('model_run1.pt');
  touch('config_run1.json');
  touch('model_run1.json');
  touch('model_run2.safetensors');
  touch('model_run2.json');
  touch('net.pt');
  touch('net.json');
  touch('lonely.pt');
  mkdirSync(join(dir, 'sub'));

  test('--config wins, and must exist', () => {
    expect(findSidecar(join(dir, 'model_run1.pt'), join(dir, 'net.json'))).toBe(join(dir, 'net.json'));
    expect(clockpizzaErrorOf(() => findSidecar(join(dir, 'net.pt'), join(dir, 'nope.json'))).message).toBe(`${join(dir, 'nope.json')}: no such file (given by --config)`);
  });

  test('config_<runid>.json beside model_<runid>.pt, then <stem>.json', () => {
    expect(findSidecar(join(dir, 'model_run1.pt'))).toBe(join(dir, 'config_run1.json'));
    expect(findSidecar(join(dir, 'model_run2.safetensors'))).toBe(join(dir, 'model_run2.json'));
    expect(findSidecar(join(dir, 'net.pt'))).toBe(join(dir, 'net.json'));
    expect(findSidecar(join(dir, 'lonely.pt'))).toBeUndefined();
  });
});

if (!hasReference()) console.warn('skipping released sidecar configs: CLOCKPIZZA_REFERENCE absent');
describe.skipIf(!hasReference())('released configs', () => {
  test.each(REFERENCE_RUNS.map((r) => [r.runid, r.what]))('config_%s.json (%s) is accepted as it is', (runid) => {
    const checkpoint = resolve(referenceDir(), 'pizza-repo/checkpoints', `model_${runid}.pt`);
    const path = findSidecar(checkpoint);
    expect(path).toBe(resolve(referenceDir(), 'pizza-repo/checkpoints', `config_${runid}.json`));
    const s = readSidecar(path!);
    expect(s.p).toBe(59);
    expect(s.runid).toBe(runid);
    expect(s.nLayers !== undefined || s.modelType !== undefined).toBe(true);
    if (s.nLayers !== undefined) expect(typeof s.attnCoeff).toBe('number');
  });
});
