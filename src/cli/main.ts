#!/usr/bin/env node
import { ClockpizzaError } from '../errors.js';
import { helpText, parseOptions, type Command } from './command.js';

/** Every command lives in its own file, ./<name>.js, exporting `command`. */
const COMMANDS: Record<string, string> = {
  inspect: 'architecture, parameter norm, accuracy and logits of a checkpoint',
  convert: 'convert a .pt checkpoint to safetensors with its JSON sidecar',
  audit: 'all metrics, circles and a verdict for checkpoints',
  golden: 'check or update golden metric files',
  train: 'train a model with the reference semantics, seeded',
  sweep: 'train and audit a grid of attention rates and widths',
  phase: 'phase diagrams from sweep results or reference CSVs',
  compare: 'compare a sweep population with the reference population',
  report: 'a self-contained HTML report of one checkpoint',
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(10)} ${summary}`);
  return ['usage: clockpizza <command> [options]', '', 'commands:', ...rows, '', 'clockpizza <command> --help for its options'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (!(name in COMMANDS)) {
    console.error(`clockpizza: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  let command: Command;
  try {
    command = ((await import(`./${name}.js`)) as { command: Command }).command;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      console.error(`clockpizza ${name}: not available in this build`);
      return 2;
    }
    throw error;
  }
  try {
    const { positionals, options } = parseOptions(command, rest);
    if ((options as Record<string, unknown>)['help']) {
      console.log(helpText(command));
      return 0;
    }
    return await command.run(positionals, options);
  } catch (error) {
    if (error instanceof ClockpizzaError) {
      console.error(`clockpizza ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /[\\/]main\.(js|ts)$/.test(process.argv[1]) || process.argv[1]?.endsWith('clockpizza');
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('clockpizza: internal error:', error);
      process.exitCode = 70;
    },
  );
}
