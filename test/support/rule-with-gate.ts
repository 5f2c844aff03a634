import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules, type Condition, type Rules } from '../../src/audit/rules.js';

/** spec/rules/paper.json with its non-circular gate clause's condition replaced (for tests of --rule). */
export function rulesWithGate(when: Condition): Rules {
  const paper = loadRules();
  return { ...paper, verdict: paper.verdict.map((c) => (c.algorithm === 'non-circular' ? { ...c, when } : c)) };
}

/** The same with the gate at `circularity < value`, written to `dir` as a rule file; returns its path. */
export function ruleFileWithGate(dir: string, value: number): string {
  const { file: _file, ...data } = rulesWithGate({ metric: 'circularity', op: '<', value });
  const file = join(dir, `gate-${value}.json`);
  writeFileSync(file, JSON.stringify(data));
  return file;
}
