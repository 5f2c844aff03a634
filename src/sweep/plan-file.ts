import { existsSync, readFileSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';
import { replaceDurably } from './durable-write.js';
import type { SweepPlan } from './grid.js';

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
const OPTIONAL_FIELDS = ['knobs', 'dynamics'] as const satisfies readonly (keyof SweepPlan)[];

/** The fields in which two plans differ, as "field: stored → requested" texts. */
export function planDifferences(stored: SweepPlan, requested: SweepPlan): string[] {
  const show = (v: unknown) => JSON.stringify(v ?? null);
  return [...FIELDS, ...OPTIONAL_FIELDS].filter((f) => show(stored[f]) !== show(requested[f])).map((f) => `${f}: stored ${show(stored[f])}, requested ${show(requested[f])}`);
}

/** Reads DIR/plan.json (a ClockpizzaError naming it when absent or not a plan). */
export function readPlan(path: string): SweepPlan {
  let data: Partial<PlanFile>;
  if (!existsSync(path)) throw new ClockpizzaError('no sweep plan here (was the sweep started with this --out?)', { file: path });
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Partial<PlanFile>;
  } catch (error) {
    throw new ClockpizzaError(`not a readable plan: ${(error as Error).message}`, { file: path });
  }
  if (data.tool !== 'clockpizza' || data.format !== PLAN_FORMAT || typeof data.plan !== 'object' || data.plan === null) {
    throw new ClockpizzaError(`not a clockpizza sweep plan (format ${PLAN_FORMAT})`, { file: path });
  }
  for (const f of FIELDS) if (!(f in data.plan)) throw new ClockpizzaError('missing', { file: path, field: `plan.${f}` });
  return data.plan;
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
