import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { loadRules, parseRules } from './rules.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-rules-'));

function paperData(): Record<string, unknown> {
  const { file: _file, ...data } = loadRules();
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

describe('rule files', () => {
  it('loads the default paper.json and names it repo-relative', () => {
    const rules = loadRules();
    expect(rules.name).toBe('paper');
    expect(rules.file).toBe('spec/rules/paper.json');
    expect(rules.verdict.map((c) => c.algorithm)).toEqual(['not-learned', 'non-circular', 'pizza', 'clock', 'mixed']);
    expect(rules.circles.pizzaSpec).toBe('pizza-notebook');
    expect(rules.description).toMatch(/derived from/i);
  });

  it('loads a rule by name: fourier is paper.json gated on circularityFourier ≥ 0.95 instead of circularity ≥ 0.995', () => {
    const paper = loadRules('paper');
    const fourier = loadRules('fourier');
    expect(paper.file).toBe('spec/rules/paper.json');
    expect(fourier.file).toBe('spec/rules/fourier.json');
    expect(fourier.verdict[1]).toEqual({ algorithm: 'non-circular', gate: true, when: { metric: 'circularityFourier', op: '<', value: 0.95 } });
    expect({ ...fourier.verdict.filter((_, i) => i !== 1) }).toEqual({ ...paper.verdict.filter((_, i) => i !== 1) });
    expect(fourier.circles).toEqual(paper.circles);
    expect(fourier.undefinedAs).toEqual(paper.undefinedAs);
  });

  it('names the file and the JSON pointer of a malformed field', () => {
    const data = paperData();
    (data['verdict'] as Array<Record<string, unknown>>)[2]!['algorithm'] = 'pizzza';
    const file = join(dir, 'bad-algorithm.json');
    writeFileSync(file, JSON.stringify(data));
    const error = clockpizzaErrorOf(() => loadRules(file));
    expect(error.file).toBe(file);
    expect(error.field).toBe('/verdict/2/algorithm');
    expect(error.message).toContain(file);
    expect(error.message).toContain('/verdict/2/algorithm');
  });

  it('rejects a threshold that is not a number, naming the field', () => {
    const data = paperData();
    (data['circles'] as Record<string, Record<string, unknown>>)['pizza']!['minFve'] = 'high';
    const error = clockpizzaErrorOf(() => parseRules(data, 'mine.json'));
    expect(error.message).toMatch(/^mine\.json: \/circles\/pizza\/minFve: /);
  });

  it('rejects unknown metrics and a missing final "otherwise"', () => {
    const data = paperData();
    const clauses = data['verdict'] as Array<{ when: unknown }>;
    clauses[0]!.when = { metric: 'acuracy', op: '<', value: 0.99 };
    expect(clockpizzaErrorOf(() => parseRules(data, 'r.json')).field).toBe('/verdict/0/when/metric');
    const data2 = paperData();
    (data2['verdict'] as unknown[]).pop();
    expect(clockpizzaErrorOf(() => parseRules(data2, 'r.json')).field).toBe('/verdict/3/when');
  });

  it('reports unreadable and non-JSON files by name', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": ');
    expect(clockpizzaErrorOf(() => loadRules(file)).message).toMatch(/broken\.json: is not valid JSON/);
    expect(clockpizzaErrorOf(() => loadRules(join(dir, 'absent.json'))).message).toMatch(/absent\.json: no such file/);
  });
});
