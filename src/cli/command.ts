import { parseArgs } from 'node:util';
import { isDecimal, parseDecimal } from '../decimal.js';
import { ClockpizzaError } from '../errors.js';

/** The values a number option accepts: every number option is bounded, so no value can ask for unbounded memory or time. */
export interface NumberRange {
  integer: boolean;
  min: number;
  max: number;
  /** Whether min (and max) are themselves allowed; default true. */
  exclusive?: boolean;
}

/** One row of a command's option table: parser, help text and types derive from it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  short?: string;
  multiple?: boolean;
  /** Shown in help; the parser leaves absent options undefined. */
  placeholder?: string;
  /** A number option: parsed as decimal text and checked against the range before the command runs. */
  range?: NumberRange;
}

export type OptionTable = Record<string, OptionSpec>;

export type ParsedOptions<T extends OptionTable> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean'
    ? boolean
    : T[K] extends { range: NumberRange }
      ? number
      : T[K]['multiple'] extends true
        ? string[]
        : string;
};

export interface Command<T extends OptionTable = OptionTable> {
  name: string;
  summary: string;
  usage: string;
  options: T;
  /** Returns the process exit code. */
  run(positionals: string[], options: ParsedOptions<T>): Promise<number>;
}

export function defineCommand<T extends OptionTable>(command: Command<T>): Command<T> {
  return command;
}

/** Parses argv strictly against the table: unknown options are errors naming the option (with the nearest known one), number options are checked against their range. */
export function parseOptions<T extends OptionTable>(command: Command<T>, argv: string[]): { positionals: string[]; options: ParsedOptions<T> } {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  config['help'] = { type: 'boolean', short: 'h' };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeValues(command, argv), options: config, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(error);
    // main() prefixes "clockpizza <command>:", so the message names only the option at fault.
    throw new ClockpizzaError(`${message}${didYouMean(command, message)}\n${helpText(command)}`);
  }
  const values: Record<string, unknown> = { ...parsed.values };
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.range !== undefined && typeof values[name] === 'string') values[name] = boundedNumber(values[name] as string, `--${name}`, spec.range);
  }
  return { positionals: parsed.positionals, options: values as ParsedOptions<T> };
}

/** `--steps -5` → `--steps=-5`: parseArgs would take "-5" for an option and call the value missing; a negative number then gets its range's message. */
function joinNegativeValues(command: Command, argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && command.options[name]?.type === 'string' && next !== undefined && next.startsWith('-') && isDecimal(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** " (did you mean --out?)" for an unknown option within two edits of a known one. */
function didYouMean(command: Command, message: string): string {
  const unknown = /Unknown option '--?([^']+)'/.exec(message)?.[1];
  if (unknown === undefined) return '';
  const names = [...Object.keys(command.options), 'help'];
  const best = names.map((name) => ({ name, distance: editDistance(unknown, name) })).sort((a, b) => a.distance - b.distance)[0];
  return best !== undefined && best.distance <= Math.min(2, Math.floor(best.name.length / 2)) ? ` (did you mean --${best.name}?)` : '';
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

/** "an integer in [1, 1024]", "a number in (0, 1)". */
export function describeRange(range: NumberRange): string {
  const [open, close] = range.exclusive ? ['(', ')'] : ['[', ']'];
  return `${range.integer ? 'an integer' : 'a number'} in ${open}${range.min}, ${range.max}${close}`;
}

/** Decimal text within `range`, else an error naming the option and the range. */
export function boundedNumber(text: string, field: string, range: NumberRange): number {
  const n = parseDecimal(text, field);
  const inside = range.exclusive ? n > range.min && n < range.max : n >= range.min && n <= range.max;
  if (!inside || (range.integer && !Number.isInteger(n))) throw new ClockpizzaError(`must be ${describeRange(range)}, got ${text}`, { field });
  return n;
}

export function helpText(command: Command): string {
  const lines = [`usage: ${command.usage}`, '', command.summary, ''];
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.placeholder ?? 'VALUE'}` : ''}`;
    lines.push(`  ${flag.padEnd(28)} ${spec.description}${spec.range ? `; ${describeRange(spec.range)}` : ''}`);
  }
  return lines.join('\n');
}
