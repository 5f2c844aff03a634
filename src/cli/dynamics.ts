import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readDynamics } from '../dynamics/dynamics-file.js';
import { ClockpizzaError } from '../errors.js';
import { writeFigures } from '../plot/figure.js';
import { dynamicsFigures, runLabel, type DynamicsSeries } from '../plot/dynamics-figures.js';
import { pngDrawsText } from '../plot/render.js';
import { OPTIONAL_RUN_FILES } from '../train/outputs.js';
import { defineCommand } from './command.js';

/** A run directory (its dynamics.jsonl) or the file itself. */
function dynamicsPath(arg: string): string {
  if (existsSync(arg) && statSync(arg).isDirectory()) {
    const file = join(arg, OPTIONAL_RUN_FILES.dynamics);
    if (!existsSync(file)) throw new ClockpizzaError(`no ${OPTIONAL_RUN_FILES.dynamics} here (train with --audit-every K)`, { file: arg });
    return file;
  }
  return arg;
}

export const command = defineCommand({
  name: 'dynamics',
  summary:
    `Draws what \`train --audit-every\` recorded (${OPTIONAL_RUN_FILES.dynamics}): test and train accuracy, losses and every metric against the training step, ` +
    'and the verdict over the steps, as SVG and PNG; several runs are overlaid, each run’s first audit with test accuracy ≥ 0.99 is marked.',
  usage: 'clockpizza dynamics <DIR | dynamics.jsonl>… --out FIGS',
  options: {
    out: { type: 'string', placeholder: 'FIGS', description: 'directory for dynamics-<quantity>.svg and .png' },
  },
  async run(positionals, options) {
    if (positionals.length === 0) throw new ClockpizzaError('give at least one run directory or dynamics.jsonl', { field: 'clockpizza dynamics' });
    if (options.out === undefined) throw new ClockpizzaError('is required (the figures’ directory)', { field: '--out' });
    const series: DynamicsSeries[] = positionals.map((arg) => {
      const dynamics = readDynamics(dynamicsPath(arg));
      return { label: runLabel(dynamics), dynamics };
    });
    // two runs with the same settings (e.g. two sweeps) stay apart by their files
    const counts = new Map<string, number>();
    for (const s of series) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
    for (const s of series) if (counts.get(s.label)! > 1) s.label = `${s.label} (${s.dynamics.file})`;
    if (!pngDrawsText()) console.error('clockpizza dynamics: no font found for PNG text (set CLOCKPIZZA_FONT=/path/to/font.ttf); the SVGs are complete');
    for (const path of await writeFigures(options.out, dynamicsFigures(series))) console.log(`wrote ${path}`);
    return 0;
  },
});
