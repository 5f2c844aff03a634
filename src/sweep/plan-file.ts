import { existsSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';
import { readJsonFile } from '../io/json-file.js';
import { replaceDurably } from './durable-write.js';
import type { SweepPlan } from './grid.js';
import { loadRules, parseRules, type Rules } from '../audit/rules.js';

/**
 * DIR/plan.json: the grid a sweep directory belongs to. A restart (or another shard) with a
 * different grid would mix runs of two sweeps in one results file, so it is refused unless
 * --force replaces the plan. The shard is not part of the plan: every shard of a sweep shares it.
 */

export const PLAN_FORMAT = 1;

interface PlanFile {
  tool: 'clockpizza';
  format: number;
  plan: SweepPlan;
}

const FIELDS = ['attn', 'widths', 'layers', 'seeds', 'firstSeed', 'steps'] as const satisfies readonly (keyof SweepPlan)[];
/** Absent in plans written before they existed, and when not asked for. */
const OPTIONAL_FIELDS = ['knobs', 'dynamics', 'rule'] as const satisfies readonly (keyof SweepPlan)[];

/** The fields in which two plans differ, as "field: stored → requested" texts. */
export function planDifferences(stored: SweepPlan, requested: SweepPlan): string[] {
  const show = (v: unknown) => JSON.stringify(v ?? null);
  const differs = (f: (typeof FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number]): boolean =>
    // A plan without a rule (written before --rule, or without it) audits with the paper rule.
    f === 'rule' ? show(stored.rule ?? loadRules()) !== show(requested.rule ?? loadRules()) : show(stored[f]) !== show(requested[f]);
  const shown = (plan: SweepPlan, f: (typeof FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number]): string => (f === 'rule' ? ruleName(plan.rule) : show(plan[f]));
  return [...FIELDS, ...OPTIONAL_FIELDS].filter(differs).map((f) => `${f}: stored ${shown(stored, f)}, requested ${shown(requested, f)}`);
}

/** A rule as a plan difference names it: its name and file (its contents are in plan.json). */
function ruleName(rule: Rules | undefined): string {
  const r = rule ?? loadRules();
  return `${r.name} (${r.file})`;
}

/** Reads DIR/plan.json (a ClockpizzaError naming it when absent or not a plan). */
export function readPlan(path: string): SweepPlan {
  if (!existsSync(path)) throw new ClockpizzaError('no sweep plan here (was the sweep started with this --out?)', { file: path });
  const data = readJsonFile(path);
  if (data['tool'] !== 'clockpizza' || data['format'] !== PLAN_FORMAT) throw new ClockpizzaError(`not a clockpizza sweep plan (format ${PLAN_FORMAT})`, { file: path });
  return checkedPlan(data['plan'], path, 'plan');
}

/**
 * A sweep plan as stored in `file` under `field` (plan.json's `plan`, rounds.json's `coarse`),
 * checked before any job is built from it: its fields present, and its rule checked like a rule
 * file, since workers judge every run with it.
 */
export function checkedPlan(value: unknown, file: string, field: string): SweepPlan {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ClockpizzaError('missing or not a sweep plan', { file, field });
  const plan = value as SweepPlan;
  for (const f of FIELDS) if (!Object.hasOwn(plan, f)) throw new ClockpizzaError('missing', { file, field: `${field}.${f}` });
  const rule = plan.rule as unknown;
  if (rule !== undefined) {
    const { file: ruleFile, ...contents } = (typeof rule === 'object' && rule !== null ? rule : {}) as Partial<Rules>;
    if (typeof ruleFile !== 'string') throw new ClockpizzaError('a rule needs its file name', { file, field: `${field}.rule.file` });
    plan.rule = { ...parseRules(contents, file), file: ruleFile };
  }
  return plan;
}

/**
 * Records the plan in a new directory, or checks it against the one recorded. With `force` a
 * different stored plan is replaced (the results file then sets aside runs the new plan lacks).
 */
export function claimPlan(path: string, plan: SweepPlan, force: boolean): { replaced: string[] } {
  if (existsSync(path)) {
    const differences = planDifferences(readPlan(path), plan);
    if (differences.length === 0) return { replaced: [] };
    if (!force) {
      throw new ClockpizzaError(`this directory holds a sweep with another plan (${differences.join('; ')}); use another --out, or --force to replace the plan (finished runs that belong to the new plan are kept, the others set aside)`, { file: path });
    }
    writePlan(path, plan);
    return { replaced: differences };
  }
  writePlan(path, plan);
  return { replaced: [] };
}

function writePlan(path: string, plan: SweepPlan): void {
  const file: PlanFile = { tool: 'clockpizza', format: PLAN_FORMAT, plan };
  replaceDurably(path, JSON.stringify(file, null, 2) + '\n');
}
