import { relative, resolve, isAbsolute } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { METRIC_KEYS } from '../metrics/list.js';
import type { UndefinedKind } from '../metrics/types.js';
import { repoRoot } from '../reference.js';
import { readJsonFile } from '../io/json-file.js';
import { assertValid, compileSchema } from '../schema/validate.js';

/** Verdict rules as data (spec/rules/*.json, schema spec/schemas/rules.schema.json). */

export type Algorithm = 'pizza' | 'clock' | 'mixed' | 'non-circular' | 'not-learned';
export type Comparison = '<' | '<=' | '>' | '>=';

export type Condition =
  | 'otherwise'
  | { metric: string; op: Comparison; value: number }
  | { all: Condition[] }
  | { any: Condition[] };

export interface VerdictClause {
  algorithm: Algorithm;
  gate?: boolean;
  when: Condition;
  because?: string;
}

export interface RoleThreshold {
  minFve: number;
  minMargin: number;
}

export interface CircleRules {
  pizzaSpec: string;
  clockSpec: string;
  accompanyingSpec: string;
  pizza: RoleThreshold;
  clock: RoleThreshold;
  accompanying: { minFve: number };
  ensembleMinCircles: number;
}

export interface UndefinedAs {
  metric: string;
  kind: UndefinedKind;
  value: number;
  why: string;
}

export interface RuleFile {
  name: string;
  description: string;
  undefinedAs?: UndefinedAs[];
  verdict: VerdictClause[];
  circles: CircleRules;
}

/** A rule file together with where it came from (reports name the file that decided). */
export interface Rules extends RuleFile {
  /** Path relative to the repository root when inside it, else absolute. */
  file: string;
}

export function defaultRulePath(): string {
  return resolve(repoRoot(), 'spec/rules/paper.json');
}

/** How a file is named in reports: repo-relative when it lives in the repository. */
export function displayPath(file: string): string {
  const abs = resolve(file);
  const rel = relative(repoRoot(), abs);
  return rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}

/**
 * A rule's file as a message outside this repository should cite it: a path inside the package
 * (spec/rules/paper.json) is not in the user's project, so it is named as the package's file.
 */
export function ruleFileText(file: string): string {
  return isAbsolute(file) ? file : `${file} in the clockpizza package`;
}

/** A rule given by name (`paper`, `fourier`: a file of spec/rules/) or by path. */
export function rulePath(nameOrFile: string): string {
  return /^[a-z][a-z0-9-]*$/.test(nameOrFile) ? resolve(repoRoot(), 'spec/rules', `${nameOrFile}.json`) : nameOrFile;
}

/** Loads and checks a rule file (default: spec/rules/paper.json; a bare name is a file of spec/rules/). Errors name the file and JSON pointer. */
export function loadRules(file: string = defaultRulePath()): Rules {
  const path = rulePath(file);
  return parseRules(readJsonFile(path), path);
}

/** Checks already-parsed rule data; `file` is only used to name it. */
export function parseRules(data: unknown, file: string): Rules {
  assertValid(compileSchema<RuleFile>('rules'), data, file);
  const rules = data;
  const known = new Set<string>(METRIC_KEYS);
  const checkMetric = (metric: string, pointer: string): void => {
    if (!known.has(metric)) {
      throw new ClockpizzaError(`unknown metric ${JSON.stringify(metric)}; known: ${METRIC_KEYS.join(', ')}`, { file, field: pointer });
    }
  };
  const walk = (condition: Condition, pointer: string): void => {
    if (condition === 'otherwise') return;
    if ('metric' in condition) checkMetric(condition.metric, `${pointer}/metric`);
    else if ('all' in condition) condition.all.forEach((c, i) => walk(c, `${pointer}/all/${i}`));
    else condition.any.forEach((c, i) => walk(c, `${pointer}/any/${i}`));
  };
  rules.verdict.forEach((clause, i) => {
    walk(clause.when, `/verdict/${i}/when`);
    if (clause.when === 'otherwise' && i !== rules.verdict.length - 1) {
      throw new ClockpizzaError('"otherwise" must be the last clause (later clauses could never fire)', { file, field: `/verdict/${i}/when` });
    }
  });
  const last = rules.verdict.length - 1;
  if (rules.verdict[last]!.when !== 'otherwise') {
    throw new ClockpizzaError('the last clause must be "otherwise", so that every run gets a verdict', { file, field: `/verdict/${last}/when` });
  }
  rules.undefinedAs?.forEach((u, i) => checkMetric(u.metric, `/undefinedAs/${i}/metric`));
  const { $schema: _ignored, ...rest } = rules as RuleFile & { $schema?: string };
  return { ...rest, file: displayPath(file) };
}
