import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { compactJson, loadGolden, projectRootOf, resolveLocation } from './golden-file.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-golden-file-'));
writeFileSync(join(dir, 'package.json'), '{}');
mkdirSync(join(dir, 'golden'));

const valid = {
  description: 'd',
  checkpoint: { path: 'model.safetensors' },
  sha256: 'a'.repeat(64),
  metrics: { gradientSymmetricity: { id: 'gradientSymmetricity@ref', value: 0.99, tolerance: { absolute: 1e-4 } } },
  verdict: { algorithm: 'pizza', lean: 'pizza' },
};

function write(name: string, data: unknown): string {
  const file = join(dir, 'golden', name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

describe('golden files', () => {
  it('loads a valid file and resolves paths against the project root above it', () => {
    const file = write('ok.json', valid);
    const golden = loadGolden(file);
    expect(projectRootOf(file)).toBe(dir);
    writeFileSync(join(dir, 'model.safetensors'), '');
    expect(resolveLocation(golden, golden.data.checkpoint, '/checkpoint')).toEqual({ path: join(dir, 'model.safetensors') });
  });

  it('names the file and the JSON pointer of a malformed field', () => {
    const bad = structuredClone(valid) as Record<string, any>;
    bad['metrics']['gradientSymmetricity']['tolerance'] = '1e-4';
    const file = write('bad-tolerance.json', bad);
    const error = clockpizzaErrorOf(() => loadGolden(file));
    expect(error.file).toBe(file);
    expect(error.field).toBe('/metrics/gradientSymmetricity/tolerance');
    expect(error.message).toContain(`${file}: /metrics/gradientSymmetricity/tolerance: `);
  });

  it('rejects bad hashes, verdicts, unknown fields and broken JSON by name', () => {
    expect(clockpizzaErrorOf(() => loadGolden(write('sha.json', { ...valid, sha256: 'xyz' }))).field).toBe('/sha256');
    expect(clockpizzaErrorOf(() => loadGolden(write('verdict.json', { ...valid, verdict: { algorithm: 'pepperoni', lean: 'pizza' } }))).field).toBe('/verdict/algorithm');
    expect(clockpizzaErrorOf(() => loadGolden(write('extra.json', { ...valid, tolerence: 1 }))).message).toMatch(/extra\.json: \/tolerence: is not a known field$/);
    expect(clockpizzaErrorOf(() => loadGolden(write('broken.json', '{"description": '))).message).toMatch(/broken\.json: is not valid JSON/);
  });

  it('names the golden file and field when its checkpoint is missing', () => {
    const golden = loadGolden(write('missing.json', { ...valid, checkpoint: { path: 'nowhere.pt' } }));
    expect(clockpizzaErrorOf(() => resolveLocation(golden, golden.data.checkpoint, '/checkpoint')).message).toMatch(/missing\.json: \/checkpoint: checkpoint not found: .*nowhere\.pt/);
  });

  it('skips reference checkpoints when the reference material is absent', () => {
    const saved = process.env['CLOCKPIZZA_REFERENCE'];
    process.env['CLOCKPIZZA_REFERENCE'] = join(dir, 'no-reference-here');
    try {
      const golden = loadGolden(write('ref.json', { ...valid, checkpoint: { reference: 'pizza-repo/checkpoints/model_x.pt' } }));
      expect(resolveLocation(golden, golden.data.checkpoint, '/checkpoint')).toEqual({ skipped: expect.stringMatching(/reference material absent/) });
    } finally {
      if (saved === undefined) delete process.env['CLOCKPIZZA_REFERENCE'];
      else process.env['CLOCKPIZZA_REFERENCE'] = saved;
    }
  });

  it('writes compact JSON that parses back to the same value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 10, max: 200 }), (value, width) => {
        expect(JSON.parse(compactJson(value, width))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
    expect(compactJson({ a: [1, 2], b: { c: 'x' } })).toBe('{"a": [1, 2], "b": {"c": "x"}}');
    // Found by the property above: strings holding "{ " or " }" must come through untouched.
    expect(JSON.parse(compactJson([{ '': '{ ' }, ' }'], 10))).toEqual([{ '': '{ ' }, ' }']);
  });
});
