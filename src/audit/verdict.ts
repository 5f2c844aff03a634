import type { Algorithm, Comparison, Condition, Rules, UndefinedAs } from './rules.js';

/**
 * Applies a rule file to a run's metrics. The first clause whose condition holds decides the
 * algorithm; `lean` re-reads the non-gate clauses alone, so a non-circular run still says which
 * way gradient symmetricity and distance irrelevance point. A run that fails the rule's
 * not-learned gate leans nowhere: an unlearned network's metrics describe no algorithm
 * (issue 18.18), so its lean is `not-learned`.
 */

export type Lean = 'pizza' | 'clock' | 'neither' | 'not-learned';

/** What a verdict needs of a metric: its value, or null with why. */
export interface MetricReading {
  value: number | null;
  reason?: string;
  kind?: string;
}

export interface Verdict {
  algorithm: Algorithm;
  lean: Lean;
  reasons: string[];
  rule: {
    name: string;
    file: string;
    /** Index of the clause that decided, in the rule file's `verdict` array. */
    clause: number;
    /** That clause, as text: e.g. "pizza when gradientSymmetricity >= 0.9 and distanceIrrelevance <= 0.4". */
    fired: string;
  };
}

const SYMBOL: Record<Comparison, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** Six significant digits: enough to see why a threshold was or was not met. */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** How a lean is printed: "lean pizza", …, or "not learned" (an unlearned network leans nowhere). */
export function leanText(lean: Lean): string {
  return lean === 'not-learned' ? 'not learned' : `lean ${lean}`;
}

/** The verdict as printed: "pizza (lean pizza)", "non-circular (lean clock)", "not-learned". */
export function verdictText(verdict: Pick<Verdict, 'algorithm' | 'lean'>): string {
  return verdict.algorithm === 'not-learned' && verdict.lean === 'not-learned' ? verdict.algorithm : `${verdict.algorithm} (${leanText(verdict.lean)})`;
}

function compare(x: number, op: Comparison, y: number): boolean {
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** The clause's condition without values, e.g. "gradientSymmetricity ≥ 0.9 and distanceIrrelevance ≤ 0.4". */
export function conditionText(condition: Condition): string {
  if (condition === 'otherwise') return 'otherwise';
  if ('metric' in condition) return `${condition.metric} ${SYMBOL[condition.op]} ${condition.value}`;
  if ('all' in condition) return condition.all.map(nested).join(' and ');
  return condition.any.map(nested).join(' or ');
}

function nested(c: Condition): string {
  return typeof c !== 'string' && !('metric' in c) ? `(${conditionText(c)})` : conditionText(c);
}

interface Evaluation {
  holds: boolean;
  /** Evidence for the outcome: the comparisons that made it hold, or those that made it fail. */
  evidence: string[];
}

class Evaluator {
  readonly notes = new Set<string>();

  constructor(
    private readonly metrics: Record<string, MetricReading | undefined>,
    private readonly undefinedAs: readonly UndefinedAs[],
  ) {}

  /** The value a rule reads for a metric: its own, or the rule's stand-in for a known undefined kind. */
  private read(metric: string): number | null {
    const m = this.metrics[metric];
    if (m === undefined) {
      this.notes.add(`${metric} is missing from the report`);
      return null;
    }
    if (m.value !== null) return m.value;
    const standIn = this.undefinedAs.find((u) => u.metric === metric && u.kind === m.kind);
    if (standIn) {
      this.notes.add(`${metric} is undefined (${m.reason ?? m.kind}); the rule reads it as ${standIn.value}: ${standIn.why}`);
      return standIn.value;
    }
    this.notes.add(`${metric} is undefined (${m.reason ?? 'no reason given'}); conditions on it do not hold`);
    return null;
  }

  evaluate(condition: Condition): Evaluation {
    if (condition === 'otherwise') return { holds: true, evidence: [] };
    if ('metric' in condition) {
      const x = this.read(condition.metric);
      const symbol = SYMBOL[condition.op];
      if (x === null) return { holds: false, evidence: [`${condition.metric} is undefined`] };
      const holds = compare(x, condition.op, condition.value);
      const shown = `${condition.metric} = ${formatNumber(x)}`;
      return { holds, evidence: [holds ? `${shown} ${symbol} ${condition.value}` : `${shown} is not ${symbol} ${condition.value}`] };
    }
    const parts = ('all' in condition ? condition.all : condition.any).map((c) => this.evaluate(c));
    const holds = 'all' in condition ? parts.every((e) => e.holds) : parts.some((e) => e.holds);
    // Show what decided: for a holding "all", every part; for a failing "all", the failing parts; dually for "any".
    const decisive = parts.filter((e) => e.holds === holds);
    return { holds, evidence: decisive.flatMap((e) => e.evidence) };
  }
}

export function decideVerdict(metrics: Record<string, MetricReading | undefined>, rules: Rules): Verdict {
  const evaluator = new Evaluator(metrics, rules.undefinedAs ?? []);
  const reasons: string[] = [];
  let decided = -1;
  for (const [i, clause] of rules.verdict.entries()) {
    const { holds, evidence } = evaluator.evaluate(clause.when);
    const because = clause.because ? ` (${clause.because})` : '';
    if (holds) {
      reasons.push(`${clause.algorithm}: ${evidence.length ? evidence.join(' and ') : 'no earlier clause held'}${because}`);
      decided = i;
      break;
    }
    reasons.push(`not ${clause.algorithm}: ${evidence.join(' and ')}`);
  }
  // The schema and loader guarantee a final "otherwise" clause, so `decided` is set.
  const clause = rules.verdict[decided]!;

  let lean: Lean = 'neither';
  const unlearned = rules.verdict.some((c) => c.gate && c.algorithm === 'not-learned' && evaluator.evaluate(c.when).holds);
  if (unlearned) {
    lean = 'not-learned';
    reasons.push('no lean: the network has not learned the task, so its metrics point to no algorithm');
  } else if (clause.gate) {
    for (const c of rules.verdict) {
      if (c.gate) continue;
      const { holds, evidence } = evaluator.evaluate(c.when);
      if (!holds) continue;
      lean = c.algorithm === 'pizza' || c.algorithm === 'clock' ? c.algorithm : 'neither';
      reasons.push(`lean ${lean}: ${evidence.length ? evidence.join(' and ') : `${c.algorithm} otherwise`}`);
      break;
    }
  } else {
    lean = clause.algorithm === 'pizza' || clause.algorithm === 'clock' ? clause.algorithm : 'neither';
  }
  reasons.push(...evaluator.notes);
  return {
    algorithm: clause.algorithm,
    lean,
    reasons,
    rule: { name: rules.name, file: rules.file, clause: decided, fired: `${clause.algorithm} when ${conditionText(clause.when)}` },
  };
}
