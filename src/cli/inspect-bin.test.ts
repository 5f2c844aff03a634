import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writePt } from '../io/pt-writer.js';
import { randomReferenceTransformer } from '../model/random-weights.js';
import { BIN as bin, ensureBuilt } from '../../test/support/built-bin.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'clockpizza-bin-'));
  writePt(join(dir, 'model_t.pt'), randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1 }));
  writeFileSync(join(dir, 'config_t.json'), JSON.stringify({ C: 5, attn_coeff: 1 }));
  writePt(join(dir, 'bare.pt'), randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1 }));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the compiled clockpizza bin: exit 0 on success, 2 with a one-line message on bad input', () => {
  expect(existsSync(bin)).toBe(true);
  const clockpizza = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  const ok = clockpizza('inspect', join(dir, 'model_t.pt'), '--json', '--input', '1,2');
  expect(ok.status).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ parameterCount: expect.any(Number), logits: expect.any(Array) });
  const noAttn = clockpizza('inspect', join(dir, 'bare.pt'));
  expect(noAttn.status).toBe(2);
  expect(noAttn.stderr).toMatch(/^clockpizza inspect: .*bare\.pt: attn_coeff: /);
  expect(clockpizza('inspect', join(dir, 'missing.pt')).status).toBe(2);
  expect(clockpizza('inspect', join(dir, 'model_t.pt'), '--bogus').status).toBe(2);
  const out = join(dir, 't.safetensors');
  expect(clockpizza('convert', join(dir, 'model_t.pt'), out).status).toBe(0);
  const again = clockpizza('convert', join(dir, 'model_t.pt'), out);
  expect(again.status).toBe(2);
  expect(again.stderr).toMatch(/exists already/);
});
