import { ClockpizzaError } from '../errors.js';
import { parseIntegerList, parseValueList } from '../sweep/grid.js';
import { KNOB_NAMES, KNOBS, type KnobGrid, type KnobName, type KnobOptions } from '../train/knobs.js';
import { numberOption, type OptionSpec } from './command.js';

/**
 * The training knobs (train/knobs.ts) as command-line options: one value each on `train`
 * (`--p 31`, `--betas 0.9,0.98`, `--diff-vocab`), a list each on `sweep` (`--p 31,59`,
 * `--betas 0.9,0.98 --betas 0.9,0.999`, `--diff-vocab 0,1`).
 */

type KnobFlag = (typeof KNOBS)[KnobName]['flag'];

/** train's option rows for the knobs. */
export function trainKnobOptions(): Record<KnobFlag, OptionSpec> {
  return Object.fromEntries(
    KNOB_NAMES.map((name) => {
      const k = KNOBS[name];
      const row: OptionSpec = k.kind === 'flag' ? { type: 'boolean', description: `${k.description} (\`${k.configKey}\`)` } : { type: 'string', placeholder: k.placeholder, description: `${k.description} (\`${k.configKey}\`)` };
      return [k.flag, row];
    }),
  ) as Record<KnobFlag, OptionSpec>;
}

/** sweep's option rows for the knobs: lists. */
export function sweepKnobOptions(): Record<KnobFlag, OptionSpec> {
  return Object.fromEntries(
    KNOB_NAMES.map((name) => {
      const k = KNOBS[name];
      const row: OptionSpec =
        k.kind === 'pair'
          ? { type: 'string', multiple: true, placeholder: k.placeholder, description: `${k.description}; repeat for several pairs` }
          : { type: 'string', placeholder: k.kind === 'flag' ? '0,1' : 'LIST', description: k.kind === 'flag' ? `${k.description}: 0, 1 or 0,1 (default 0)` : `${k.description}; a list` };
      return [k.flag, row];
    }),
  ) as Record<KnobFlag, OptionSpec>;
}

function pairOf(text: string, flag: string): [number, number] {
  const parts = text.split(',');
  if (parts.length !== 2) throw new ClockpizzaError(`expected two numbers B1,B2, got ${JSON.stringify(text)}`, { field: `--${flag}` });
  return parts.map((p) => numberOption(p, flag)!) as [number, number];
}

/** train's parsed knob options as TrainOptions fields (range checks are resolveSpec's). */
export function trainKnobValues(options: Record<string, string | boolean | string[] | undefined>): KnobOptions {
  const out: Record<string, unknown> = {};
  for (const name of KNOB_NAMES) {
    const k = KNOBS[name];
    const v = options[k.flag];
    if (v === undefined || v === false) continue;
    if (k.kind === 'flag') out[name] = true;
    else if (k.kind === 'pair') out[name] = pairOf(v as string, k.flag);
    else out[name] = numberOption(v as string, k.flag);
  }
  return out as KnobOptions;
}

/** sweep's parsed knob options as value lists (only the knobs given). */
export function sweepKnobGrid(options: Record<string, string | boolean | string[] | undefined>): KnobGrid {
  const grid: Record<string, unknown[]> = {};
  for (const name of KNOB_NAMES) {
    const k = KNOBS[name];
    const v = options[k.flag];
    if (v === undefined) continue;
    if (k.kind === 'pair') {
      const pairs = (v as string[]).map((text) => pairOf(text, k.flag));
      if (new Set(pairs.map((p) => p.join())).size !== pairs.length) throw new ClockpizzaError('a pair appears twice', { field: `--${k.flag}` });
      grid[name] = pairs;
    } else if (k.kind === 'flag') {
      const values = parseIntegerList(v as string, k.flag, 0);
      if (values.some((x) => x > 1)) throw new ClockpizzaError(`values are 0 or 1, got ${JSON.stringify(v)}`, { field: `--${k.flag}` });
      grid[name] = values.map((x) => x === 1);
    } else if (k.kind === 'integer') grid[name] = parseIntegerList(v as string, k.flag, 0);
    else grid[name] = parseValueList(v as string, k.flag);
  }
  return grid as KnobGrid;
}
