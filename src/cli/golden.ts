import { relative } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { checkGoldenFile, driftTable, type GoldenOutcome } from '../golden/check.js';
import { goldenFiles } from '../golden/files.js';
import { updateGoldenFile } from '../golden/update.js';
import { defineCommand } from './command.js';

const shown = (file: string): string => relative(process.cwd(), file) || file;

export const command = defineCommand({
  name: 'golden',
  summary:
    'check: audit each golden file\'s checkpoint and list every drift beyond tolerance (exit 1 on drift).\n' +
    'update: re-pin the values atomically; refuses a checkpoint whose sha256 changed unless --force.\n' +
    'Files default to every golden/*.json under the current directory.',
  usage: 'clockpizza golden check [files…] | clockpizza golden update [files…] [--force]',
  options: {
    force: { type: 'boolean', description: 'update: accept a checkpoint whose sha256 changed' },
  },
  async run(positionals, options) {
    const [action, ...given] = positionals;
    if (action !== 'check' && action !== 'update') {
      throw new ClockpizzaError(`expected "check" or "update", got ${action === undefined ? 'nothing' : JSON.stringify(action)}`, { field: 'clockpizza golden' });
    }
    const files = goldenFiles(given);
    if (action === 'update') {
      for (const file of files) {
        const outcome = await updateGoldenFile(file, { force: options.force ?? false });
        if (outcome.status === 'skipped') console.log(`skipped    ${shown(file)}: ${outcome.reason}`);
        else console.log(`${outcome.status.padEnd(10)} ${shown(file)}${outcome.changed.length ? ` (${outcome.changed.length} value(s) had drifted beyond tolerance)` : ''}`);
      }
      return 0;
    }
    if (options.force) throw new ClockpizzaError('--force only applies to update', { field: '--force' });
    const outcomes: GoldenOutcome[] = [];
    for (const file of files) {
      const outcome = await checkGoldenFile(file);
      outcomes.push(outcome);
      if (outcome.status === 'skipped') console.log(`skipped    ${shown(file)}: ${outcome.reason}`);
      else console.log(`${outcome.status === 'ok' ? 'ok' : 'DRIFT'}${' '.repeat(outcome.status === 'ok' ? 9 : 6)}${shown(file)} (${outcome.report.verdict.algorithm}, ${outcome.drifts.length} drift(s))`);
    }
    const drifted = outcomes.filter((o): o is Extract<GoldenOutcome, { drifts: unknown }> => o.status === 'drift');
    if (drifted.length === 0) return 0;
    console.log(`\n${driftTable(drifted)}`);
    return 1;
  },
});
