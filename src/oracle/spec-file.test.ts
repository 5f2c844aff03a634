import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { algorithmsDir, loadAlgorithmSpec, loadAlgorithmSpecs } from './spec-file.js';

const clockText = readFileSync(join(algorithmsDir(), 'clock.json'), 'utf8');

/** Writes `name`.json into a fresh temp dir holding a modified copy of clock.json. */
function badSpec(name: string, edit: (spec: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'clockpizza-spec-'));
  const spec = JSON.parse(clockText) as Record<string, unknown>;
  spec['name'] = name;
  edit(spec);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe('algorithm spec files', () => {
  it('loads the five shipped algorithms', () => {
    const names = loadAlgorithmSpecs().map((s) => s.spec.name);
    expect(names).toEqual(['accompanying-pizza', 'clock', 'pizza', 'pizza-notebook', 'pizza-prime']);
  });

  it('names the file and the missing field', () => {
    const file = badSpec('no-logit', (s) => delete s['logit']);
    const error = clockpizzaErrorOf(() => loadAlgorithmSpec(file));
    expect(error.file).toBe(file);
    expect(error.field).toBe('/logit');
    expect(error.message).toContain('logit');
  });

  it('refuses unknown fields (additionalProperties: false), naming them', () => {
    const file = badSpec('extra', (s) => (s['logits'] = 'cos(w*c)'));
    const error = clockpizzaErrorOf(() => loadAlgorithmSpec(file));
    expect(error.field).toBe('/logits');
    expect(error.message).toContain('not a known field');
  });

  it('names the JSON pointer of a nested violation', () => {
    const file = badSpec('bad-signature', (s) => {
      (s['signature'] as Record<string, Record<string, unknown>>)['gradientSymmetricity']!['tolerance'] = -1;
    });
    expect(clockpizzaErrorOf(() => loadAlgorithmSpec(file)).field).toBe('/signature/gradientSymmetricity/tolerance');
  });

  it('lists the allowed values of an enum', () => {
    const file = badSpec('bad-frequency', (s) => (s['frequency'] = 'double'));
    const error = clockpizzaErrorOf(() => loadAlgorithmSpec(file));
    expect(error.field).toBe('/frequency');
    expect(error.message).toContain('"half-of-circle"');
  });

  it('requires the name to match the file name', () => {
    const file = badSpec('renamed', (s) => (s['name'] = 'clock'));
    expect(clockpizzaErrorOf(() => loadAlgorithmSpec(file)).field).toBe('/name');
  });

  it('reports invalid JSON and missing files as errors naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-spec-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"name": ');
    expect(clockpizzaErrorOf(() => loadAlgorithmSpec(file)).message).toContain('not valid JSON');
    expect(clockpizzaErrorOf(() => loadAlgorithmSpec(join(dir, 'absent.json'))).file).toBe(join(dir, 'absent.json'));
  });
});
