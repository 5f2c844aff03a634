import { ClockpizzaError } from '../errors.js';
import { parseIntegerList, parseValueList } from '../sweep/grid.js';
import { KNOB_NAMES, KNOBS, type KnobGrid, type KnobName, type KnobOptions } from '../train/knobs.js';
import { parseDecimal } from '../decimal.js';
import { boundedNumber, type OptionSpec } from './command.js';

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
      const description = `${k.description} (\`${k.configKey}\`)`;
      const row: OptionSpec = k.kind === 'flag' ? { type: 'boolean', description } : { type: 'string', placeholder: k.placeholder, description, ...(k.range ? { range: k.range } : {}) };
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
  return parts.map((p) => parseDecimal(p, `--${flag}`)) as [number, number];
}

/** Parsed options as the knob readers see them (number options already parsed and range-checked by parseOptions). */
type Parsed = Readonly<Record<string, unknown>>;

/** train's parsed knob options as TrainOptions fields (checks that involve several knobs are resolveSpec's). */
export function trainKnobValues(options: Parsed): KnobOptions {
  const out: Record<string, unknown> = {};
  for (const name of KNOB_NAMES) {
    const k = KNOBS[name];
    const v = options[k.flag];
    if (v === undefined || v === false) continue;
    if (k.kind === 'flag') out[name] = true;
    else if (k.kind === 'pair') out[name] = pairOf(v as string, k.flag);
    else out[name] = v as number;
  }
  return out as KnobOptions;
}

/** sweep's parsed knob options as value lists (only the knobs given). */
export function sweepKnobGrid(options: Parsed): KnobGrid {
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
    } else {
      const values = k.kind === 'integer' ? parseIntegerList(v as string, k.flag, 0) : parseValueList(v as string, k.flag);
      // each value within the option's range, as on `train`
      for (const x of values) if (k.range) boundedNumber(String(x), `--${k.flag}`, k.range);
      grid[name] = values;
    }
  }
  return grid as KnobGrid;
}
