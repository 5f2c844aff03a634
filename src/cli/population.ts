import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { findCheckpoints } from '../population/find.js';
import { PopulationFile } from '../population/population-file.js';
import { auditPopulation, inThisThread, inWorkers, type PopulationAuditSettings } from '../population/run.js';
import { SweepProgress } from '../sweep/progress.js';
import { CHECKPOINT_OPTIONS, checkpointLoadOptions } from './checkpoint-options.js';
import { defineCommand } from './command.js';
import { checkOutputName } from './output-paths.js';

const where = { field: 'clockpizza population' };

export const command = defineCommand({
  name: 'population',
  summary:
    'Audits every checkpoint under the given directories and files (.pt, .pth, .safetensors; each with its sidecar or its own config) once, ' +
    'appending one line per file to --out in the sweep results format (spec/schemas/sweep-result.schema.json) with its path and sha256, ' +
    'so phase and compare read it like a sweep. Resumable: files already in --out are skipped. A file that cannot be read is an error line, not a crash.',
  usage: 'clockpizza population <dir|file>… --out results.jsonl [--rule F] [--jobs N] [--config F] [--attn A] [--key PATH]',
  options: {
    ...CHECKPOINT_OPTIONS,
    out: { type: 'string', placeholder: 'FILE', description: 'results JSONL (created, or resumed when it exists)' },
    rule: { type: 'string', placeholder: 'F', description: 'verdict rule file (default spec/rules/paper.json)' },
    jobs: { type: 'string', placeholder: 'N', description: 'files audited in parallel, one core each (default 1)', range: { integer: true, min: 1, max: 256 } },
  },
  async run(positionals, options) {
    if (positionals.length === 0) throw new ClockpizzaError('give at least one directory or checkpoint', where);
    if (options.out === undefined) throw new ClockpizzaError('is required (the results file)', { field: '--out' });
    checkOutputName(options.out, '--out');
    const concurrency = options.jobs ?? 1;
    const rules = loadRules(options.rule);
    const settings: PopulationAuditSettings = { ...checkpointLoadOptions(options), ...(options.rule !== undefined ? { rule: options.rule } : {}) };
    const paths = findCheckpoints(positionals);
    if (paths.length === 0) throw new ClockpizzaError('no checkpoints (.pt, .pth, .safetensors) under the inputs', { file: positionals.join(', ') });
    const out = PopulationFile.open(options.out, (m) => console.warn(`clockpizza population: ${m}`));
    const already = paths.filter((p) => out.has(p)).length;
    const lanes = Math.min(concurrency, Math.max(1, paths.length - already));
    const progress = new SweepProgress({ total: paths.length, already, concurrency: lanes, name: 'population', unit: 'checkpoints' });
    progress.begin();
    // One lane audits in this thread; more use worker processes (run.ts), each set up once for all its files.
    const auditor = lanes > 1 ? inWorkers(lanes, settings) : await inThisThread(settings, rules);
    let errors = 0;
    try {
      ({ errors } = await auditPopulation(paths, out, auditor, { concurrency: lanes, progress }));
    } finally {
      await auditor.close();
      progress.end();
    }
    if (errors > 0) console.warn(`clockpizza population: ${errors} file(s) could not be audited; their error lines are in ${options.out}`);
    return 0;
  },
});
