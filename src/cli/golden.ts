import { relative } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { checkGoldenFile, driftTable, type GoldenOutcome } from '../golden/check.js';
import { createGoldenFile } from '../golden/create.js';
import { goldenFiles } from '../golden/files.js';
import { goldenJunit } from '../golden/junit.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { updateGoldenFile } from '../golden/update.js';
import { checkpointLoadOptions } from './checkpoint-options.js';
import { defineCommand } from './command.js';
import { checkOutputName, claimOutputs } from './output-paths.js';

const shown = (file: string): string => relative(process.cwd(), file) || file;

export const command = defineCommand({
  name: 'golden',
  summary:
    'check: audit each golden file\'s checkpoint and list every drift beyond tolerance (exit 1 on drift).\n' +
    'update: re-pin the values atomically; refuses a checkpoint whose sha256 changed unless --force.\n' +
    'add: audit a checkpoint and pin its metrics, verdict and circles in a new golden file.\n' +
    'Files default to every golden/*.json under the current directory.',
  usage: 'clockpizza golden check [files…] [--junit FILE] | clockpizza golden update [files…] [--force] | clockpizza golden add <checkpoint> <golden.json> [--config F] [--attn A] [--description D] [--root NAME] [--force]',
  options: {
    force: { type: 'boolean', description: 'update: accept a checkpoint whose sha256 changed; add, check --junit: replace an existing file' },
    junit: { type: 'string', placeholder: 'FILE', description: 'check: also write the outcomes as JUnit XML (one test case per golden file) for CI' },
    config: { type: 'string', placeholder: 'F', description: 'add: the checkpoint\'s JSON sidecar' },
    attn: { type: 'string', placeholder: 'A', description: 'add: attention rate α overriding the sidecar', range: { integer: false, min: 0, max: 1 } },
    description: { type: 'string', placeholder: 'D', description: 'add: what the golden file pins' },
    root: { type: 'string', placeholder: 'NAME', description: 'add: pin paths relative to the directory in environment variable NAME (for checkpoints outside the project)' },
  },
  async run(positionals, options) {
    const [action, ...given] = positionals;
    if (action !== 'check' && action !== 'update' && action !== 'add') {
      throw new ClockpizzaError(`expected "check", "update" or "add", got ${action === undefined ? 'nothing' : JSON.stringify(action)}`);
    }
    if (action === 'add') {
      const [checkpoint, goldenFile, ...extra] = given;
      if (checkpoint === undefined || goldenFile === undefined || extra.length) throw new ClockpizzaError('add takes <checkpoint> <golden.json>', { field: 'add' });
      checkOutputName(goldenFile, 'add');
      const data = await createGoldenFile(checkpoint, goldenFile, {
        force: options.force === true,
        ...(options.root !== undefined ? { root: options.root } : {}),
        ...checkpointLoadOptions(options),
        ...(options.description !== undefined ? { description: options.description } : {}),
      });
      console.log(`added      ${shown(goldenFile)} (${data.verdict.algorithm}, ${Object.keys(data.metrics).length} metrics, ${data.circles?.length ?? 0} circles)`);
      return 0;
    }
    if (options.config !== undefined || options.attn !== undefined || options.description !== undefined || options.root !== undefined) {
      throw new ClockpizzaError('--config, --attn, --description and --root only apply to add');
    }
    if (options.junit !== undefined && action !== 'check') throw new ClockpizzaError('--junit only applies to check', { field: '--junit' });
    const files = goldenFiles(given);
    if (action === 'update') {
      for (const file of files) {
        const outcome = await updateGoldenFile(file, { force: options.force ?? false });
        if (outcome.status === 'skipped') console.log(`skipped    ${shown(file)}: ${outcome.reason}`);
        else console.log(`${outcome.status.padEnd(10)} ${shown(file)}${outcome.changed.length ? ` (${outcome.changed.length} value(s) had drifted beyond tolerance)` : ''}`);
      }
      return 0;
    }
    if (options.force && options.junit === undefined) throw new ClockpizzaError('--force only applies to update, add and check --junit', { field: '--force' });
    if (options.junit !== undefined) claimOutputs([options.junit], options.force === true, '--junit');
    const started = performance.now();
    const outcomes: GoldenOutcome[] = [];
    for (const file of files) {
      const outcome = await checkGoldenFile(file);
      outcomes.push(outcome);
      if (outcome.status === 'skipped') console.log(`skipped    ${shown(file)}: ${outcome.reason}`);
      else console.log(`${outcome.status === 'ok' ? 'ok' : 'DRIFT'}${' '.repeat(outcome.status === 'ok' ? 9 : 6)}${shown(file)} (${outcome.report.verdict.algorithm}, ${outcome.drifts.length} drift(s))`);
    }
    if (options.junit !== undefined) writeFileAtomic(options.junit, goldenJunit(outcomes, (performance.now() - started) / 1000));
    const drifted = outcomes.filter((o): o is Extract<GoldenOutcome, { drifts: unknown }> => o.status === 'drift');
    if (drifted.length === 0) return 0;
    console.log(`\n${driftTable(drifted)}`);
    return 1;
  },
});
