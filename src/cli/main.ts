#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ClockpizzaError } from '../errors.js';
import { helpText, parseOptions, type Command } from './command.js';

/** Every command lives in its own file exporting `command`; loaded only when invoked. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  inspect: { summary: 'architecture, parameter norm, accuracy and logits of a checkpoint', load: () => import('./inspect.js') },
  convert: { summary: 'convert a .pt checkpoint to safetensors with its JSON sidecar', load: () => import('./convert.js') },
  audit: { summary: 'all metrics, circles and a verdict for checkpoints', load: () => import('./audit.js') },
  golden: { summary: 'check or update golden metric files', load: () => import('./golden.js') },
  train: { summary: 'train a model with the reference semantics, seeded', load: () => import('./train.js') },
  sweep: { summary: 'train and audit a grid of attention rates and widths', load: () => import('./sweep.js') },
  dynamics: { summary: 'accuracy, metric and verdict curves over training steps (train --audit-every)', load: () => import('./dynamics.js') },
  population: { summary: 'audit every checkpoint under directories into sweep-format results', load: () => import('./population.js') },
  phase: { summary: 'phase diagrams from sweep results or reference CSVs', load: () => import('./phase.js') },
  boundary: { summary: 'the α of the Pizza–Clock crossings with bootstrap intervals', load: () => import('./boundary.js') },
  reproduce: { summary: 'reproduce the paper\'s phase boundary by adaptive training (reproduce boundary)', load: () => import('./reproduce.js') },
  claims: { summary: 'check population claims (spec/claims/*.json) against populations', load: () => import('./claims.js') },
  compare: { summary: 'compare a sweep population with the reference population', load: () => import('./compare.js') },
  pad: { summary: 'phase-alignment (Δφ) histograms per α bin or population, with an MMD test', load: () => import('./pad.js') },
  report: { summary: 'a self-contained HTML report of one checkpoint', load: () => import('./report.js') },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return ['usage: clockpizza <command> [options]', '', 'commands:', ...rows, '', 'clockpizza <command> --help for its options'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    console.error(`clockpizza: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return 2;
  }
  const { command } = await COMMANDS[name]!.load();
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

/** Runs the command line as a process: sets the exit code, and prints a stack only for a bug (exit 70). */
export function runMain(argv: string[]): void {
  // `clockpizza … | head`: once the reader has gone, there is no one to tell; stop quietly (issue 18.19: exit 7 with a stack).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('clockpizza: internal error:', error);
      process.exitCode = 70;
    },
  );
}

/** True when this file is the process's entry point (`node dist/src/cli/main.js …`, as the tests run it); the installed command is bin/clockpizza.js. */
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) runMain(process.argv.slice(2));
