import { existsSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';
import { readJsonFile } from '../io/json-file.js';
import { replaceDurably } from './durable-write.js';
import { expandPlan, type SweepJob, type SweepPlan } from './grid.js';
import { checkedPlan, planDifferences } from './plan-file.js';

/**
 * DIR/rounds.json of `reproduce boundary`: a sweep plan (the coarse grid) and the rounds placed
 * after it, each a list of attention rates trained with one seed of its own (round r: seed
 * firstSeed + seeds + r, so no run id repeats and each round's runs are independent of the
 * earlier ones). Every round is a small sweep plan — the coarse plan with its α list replaced
 * and one replicate — whose jobs follow the earlier ones in the same results file, so the sweep's
 * results file, lock, worker pool and progress do the training and a resumed reproduction trains
 * only the runs missing. A round is recorded before its runs start.
 */

export const ROUNDS_FORMAT = 1;

export interface AdaptivePlan {
  coarse: SweepPlan;
  rounds: number[][];
}

/** Round r as a sweep plan. */
export function roundPlan(plan: AdaptivePlan, r: number): SweepPlan {
  return { ...plan.coarse, attn: plan.rounds[r]!, seeds: 1, firstSeed: plan.coarse.firstSeed + plan.coarse.seeds + r };
}

/** The jobs of the coarse grid, then of each round, indexed in that order. */
export function adaptiveJobs(plan: AdaptivePlan): SweepJob[] {
  const plans = [plan.coarse, ...plan.rounds.map((_, r) => roundPlan(plan, r))];
  return plans.flatMap((p) => expandPlan(p)).map((job, index) => ({ ...job, index }));
}

function readRounds(path: string): AdaptivePlan {
  const data = readJsonFile(path);
  if (data['tool'] !== 'clockpizza' || data['format'] !== ROUNDS_FORMAT) throw new ClockpizzaError(`not a clockpizza reproduction plan (format ${ROUNDS_FORMAT})`, { file: path });
  const coarse = checkedPlan(data['coarse'], path, 'coarse');
  const rounds = data['rounds'];
  if (!Array.isArray(rounds)) throw new ClockpizzaError('missing or not a list', { file: path, field: 'rounds' });
  rounds.forEach((round: unknown, r) => {
    if (!Array.isArray(round) || round.length === 0 || !round.every((a) => typeof a === 'number' && a >= 0 && a <= 1)) {
      throw new ClockpizzaError('a round is a non-empty list of attention rates in [0, 1]', { file: path, field: `rounds[${r}]` });
    }
  });
  return { coarse, rounds: rounds as number[][] };
}

function writeRounds(path: string, plan: AdaptivePlan): void {
  replaceDurably(path, JSON.stringify({ tool: 'clockpizza', format: ROUNDS_FORMAT, ...plan }, null, 2) + '\n');
}

/** Starts a reproduction in a new directory, or resumes the one recorded there (whose coarse grid must be the one asked for). */
export function claimRounds(path: string, coarse: SweepPlan): AdaptivePlan {
  if (!existsSync(path)) {
    const plan = { coarse, rounds: [] };
    writeRounds(path, plan);
    return plan;
  }
  const stored = readRounds(path);
  const differences = planDifferences(stored.coarse, coarse);
  if (differences.length > 0) throw new ClockpizzaError(`this directory holds a reproduction with another coarse grid (${differences.join('; ')}); use another --out, or the options it was started with`, { file: path });
  return stored;
}

/** Records one more round (before its runs start). */
export function appendRound(path: string, plan: AdaptivePlan, attn: readonly number[]): AdaptivePlan {
  const next = { coarse: plan.coarse, rounds: [...plan.rounds, [...attn]] };
  writeRounds(path, next);
  return next;
}
