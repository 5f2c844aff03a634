import { parseArgs } from 'node:util';
import { ClockpizzaError } from '../errors.js';

/** One row of a command's option table: parser, help text and types derive from it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  short?: string;
  multiple?: boolean;
  /** Shown in help; the parser leaves absent options undefined. */
  placeholder?: string;
}

export type OptionTable = Record<string, OptionSpec>;

export type ParsedOptions<T extends OptionTable> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean'
    ? boolean
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

/** Parses argv strictly against the table: unknown options are errors naming the option. */
export function parseOptions<T extends OptionTable>(command: Command<T>, argv: string[]): { positionals: string[]; options: ParsedOptions<T> } {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    config[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  config['help'] = { type: 'boolean', short: 'h' };
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, strict: true, allowPositionals: true });
    return { positionals, options: values as ParsedOptions<T> };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(error);
    // main() prefixes "clockpizza <command>:", so the message names only the option at fault.
    throw new ClockpizzaError(`${message}\n${helpText(command)}`);
  }
}

export function helpText(command: Command): string {
  const lines = [`usage: ${command.usage}`, '', command.summary, ''];
  for (const [name, spec] of Object.entries(command.options)) {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.placeholder ?? 'VALUE'}` : ''}`;
    lines.push(`  ${flag.padEnd(28)} ${spec.description}`);
  }
  return lines.join('\n');
}

/** Parses a number option, naming the option when it is not one. */
export function numberOption(value: string | undefined, name: string, check?: (n: number) => string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new ClockpizzaError(`expected a number, got ${JSON.stringify(value)}`, { field: `--${name}` });
  const problem = check?.(n);
  if (problem) throw new ClockpizzaError(problem, { field: `--${name}` });
  return n;
}
