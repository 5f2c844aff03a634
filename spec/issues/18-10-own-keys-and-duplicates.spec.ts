import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRulePath, loadRules } from '../../src/audit/rules.js';
import { loadGolden } from '../../src/golden/golden-file.js';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { readSidecar } from '../../src/io/sidecar.js';
import { compileAlgorithm, LOGIT_VARIABLES } from '../../src/oracle/compile.js';
import { parseExpression } from '../../src/oracle/expression.js';
import { loadAlgorithmSpec } from '../../src/oracle/spec-file.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18 item 10: the expression whitelist asked `name in CONSTANTS`, so inherited names
// (`constructor`, `__proto__`, `toString`) passed it and were stopped only because the generated
// code happened not to parse; and duplicate keys in rule, golden and sidecar JSON were silently
// last-wins. Lookups are now own-property only, and every JSON file the tool reads refuses a
// duplicate key as the safetensors reader already did.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-10-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue 18.10: inherited names are not constants', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('%s is an unknown variable', (name) => {
    const error = clockpizzaErrorOf(() => parseExpression(`ca + ${name}`, LOGIT_VARIABLES, { file: 'x.json', field: '/logit' }));
    expect(error.message).toBe(`x.json: /logit: unknown variable "${name}" (allowed: ca, sa, cb, sb, c, w, pi, e)`);
  });

  it('a whole spec with one is refused at the same field', () => {
    const pizza = loadAlgorithmSpec(resolve(repoRoot(), 'spec/algorithms/pizza.json'));
    expect(clockpizzaErrorOf(() => compileAlgorithm({ ...pizza, logit: 'constructor * cos(w*c)' }, 'p.json')).message).toMatch(/^p\.json: \/logit: unknown variable "constructor"/);
    expect(compileAlgorithm({ ...pizza, logit: 'pi * e * ca' }, 'p.json').logit(1, 0, 0, 0, 0, 0)).toBeCloseTo(Math.PI * Math.E, 12);
  });
});

describe('issue 18.10: duplicate keys are refused in every JSON file read', () => {
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('a rule file', () => {
    const paper = readFileSync(defaultRulePath(), 'utf8');
    const twice = paper.replace('"name": "paper",', '"name": "paper", "name": "other",');
    expect(twice).not.toBe(paper);
    const file = write('rules.json', twice);
    expect(clockpizzaErrorOf(() => loadRules(file)).message).toBe(`${file}: duplicate key 'name'`);
    const nested = write('nested.json', paper.replace(/"value": 0\.99/, '"value": 0.5, "value": 0.99'));
    expect(clockpizzaErrorOf(() => loadRules(nested)).message).toMatch(new RegExp(`^${nested}: duplicate key 'value' in /verdict/\\d+/when`));
  });

  it('a golden file', () => {
    const golden = readFileSync(resolve(repoRoot(), 'golden/ideal-pizza-p59.json'), 'utf8');
    const file = write('g.json', golden.replace('"verdict": {"algorithm": "pizza",', '"verdict": {"algorithm": "clock", "algorithm": "pizza",'));
    expect(clockpizzaErrorOf(() => loadGolden(file)).message).toBe(`${file}: duplicate key 'algorithm' in /verdict`);
  });

  it('a sidecar', () => {
    const file = write('config_x.json', '{"C": 59, "attn_coeff": 0, "attn_coeff": 1}');
    expect(clockpizzaErrorOf(() => readSidecar(file)).message).toBe(`${file}: duplicate key 'attn_coeff'`);
    expect(readSidecar(write('ok.json', '{"C": 59, "attn_coeff": 1}')).attnCoeff).toBe(1);
  });
});
