import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/audit/rules.js';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { compileAlgorithm } from '../../src/oracle/compile.js';
import { compileNode, differentiate, parseExpression } from '../../src/oracle/expression.js';
import { loadAlgorithmSpec } from '../../src/oracle/spec-file.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18 item 8: a --rule file nested 3,000 `all` levels deep overflowed the stack in schema
// validation; an algorithm expression `ca+ca+…` of 10,000 terms overflowed the stack;
// `abs(abs(…(ca)…))` nested 20 deep took 17 s and 1.3 GB (the derivative doubled per level).
// JSON nesting and expression length and depth are now limited with clear messages, and the
// derivative grows linearly with the expression.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-08-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pizza = () => loadAlgorithmSpec(resolve(repoRoot(), 'spec/algorithms/pizza.json'));
const where = { file: 'a.json', field: '/logit' };

describe('issue 18.8: bounded work on deep or long rule files and expressions', () => {
  it('a rule nested 3,000 `all` levels deep (32 KB) is refused before validation', () => {
    let when = '{"metric": "accuracy", "op": "<", "value": 0.99}';
    for (let i = 0; i < 3000; i++) when = `{"all": [${when}]}`;
    const text = `{"name": "deep", "description": "d", "verdict": [{"algorithm": "pizza", "when": ${when}}, {"algorithm": "mixed", "when": "otherwise"}], "circles": {}}`;
    const file = join(dir, 'deep.json');
    writeFileSync(file, text);
    expect(clockpizzaErrorOf(() => loadRules(file)).message).toBe(`${file}: nests objects and arrays 6004 levels deep, more than the 64 allowed`);
  });

  it('an expression of 10,000 terms is refused by its length', () => {
    const source = Array.from({ length: 10_000 }, () => 'ca').join('+');
    expect(clockpizzaErrorOf(() => compileAlgorithm({ ...pizza(), logit: source }, 'a.json')).message).toBe(
      'a.json: /logit: expression of 29999 characters is longer than the 2000 allowed',
    );
  });

  it('a shorter sum that still nests too deep is refused by its depth', () => {
    const source = Array.from({ length: 500 }, () => 'ca').join('+');
    expect(clockpizzaErrorOf(() => parseExpression(source, ['ca'], where)).message).toBe(
      'a.json: /logit: expression nests 500 levels deep, more than the 64 allowed (a sum or product adds a level per term)',
    );
    expect(parseExpression(Array.from({ length: 60 }, () => 'ca').join('+'), ['ca'], where)).toBeDefined();
  });

  it('abs nested 30 deep: the derivative grows linearly and is right', () => {
    const nested = (n: number) => `${'abs('.repeat(n)}ca - 0.5${')'.repeat(n)} * cos(w*c)`;
    const variables = ['ca', 'sa', 'cb', 'sb', 'c', 'w'];
    const size = (n: number) => {
      const d = differentiate(parseExpression(nested(n), variables, where), 'ca', where);
      let nodes = 0;
      d.node.traverse(() => void nodes++);
      // The compiled source: each abs argument once, as a local.
      return { nodes, source: compileNode(d, variables, where).toString().length };
    };
    // Linear: each extra level adds the same few nodes (it used to double the tree).
    // (Levels with two-digit local names, so the names' lengths do not differ.)
    const [s11, s12, s29, s30] = [size(11), size(12), size(29), size(30)];
    expect(s30.nodes - s29.nodes).toBe(s12.nodes - s11.nodes);
    expect(s30.source - s29.source).toBe(s12.source - s11.source);
    const compiled = compileAlgorithm({ ...pizza(), logit: nested(30) }, 'a.json');
    const out = new Float64Array(4);
    compiled.gradient(0.2, 0, 0, 0, 0, 1, out);
    expect(out[0]).toBe(-1); // d|ca − 0.5|/dca at 0.2, times cos 0
    compiled.gradient(0.9, 0, 0, 0, 0, 1, out);
    expect(out[0]).toBe(1);
    compiled.gradient(0.5, 0, 0, 0, 0, 1, out);
    expect(out[0]).toBe(0); // the subgradient 0 at the kink
  });
});
