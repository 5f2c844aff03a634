import { auditCheckpoint } from '../audit/audit.js';
import { explainMarkdown, explainText } from '../audit/explain.js';
import { formatReportsMarkdown, formatReportsText } from '../audit/format.js';
import { CIRCLE_MODES, type AuditReport, type CircleMode } from '../audit/report.js';
import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { CHECKPOINT_OPTIONS, checkpointLoadOptions } from './checkpoint-options.js';
import { defineCommand } from './command.js';

export const command = defineCommand({
  name: 'audit',
  summary: 'All metrics, the circles of the embedding (paired by δ, isolated, fitted, labelled) and a verdict for each checkpoint.',
  usage: 'clockpizza audit <checkpoint>… [--config F] [--attn A] [--rule paper|fourier|F] [--circles pca|fourier|both] [--json|--markdown] [--neurons] | clockpizza audit --explain [--markdown]',
  options: {
    ...CHECKPOINT_OPTIONS,
    rule: { type: 'string', placeholder: 'F', description: 'verdict rule: paper (default), fourier, or a rule file' },
    circles: { type: 'string', placeholder: 'M', description: 'circle tables: pca (principal components paired by δ), fourier (Fourier planes of the key frequencies) or both (default); --json always carries the PCA circles' },
    json: { type: 'boolean', description: 'print a JSON array of reports (spec/schemas/audit-report.schema.json)' },
    markdown: { type: 'boolean', description: 'print a markdown table' },
    neurons: { type: 'boolean', description: "with --json: every first-layer neuron's frequency, R² and phases in the neurons section" },
    explain: { type: 'boolean', description: 'print what every printed quantity (metrics, verdict, lean, δ, k, score, FVE, role, …) means and its range; no checkpoint' },
  },
  async run(positionals, options) {
    if (options.explain) {
      if (positionals.length > 0) throw new ClockpizzaError('takes no checkpoint (it explains the columns of any audit)', { field: '--explain' });
      process.stdout.write(options.markdown ? explainMarkdown() : explainText());
      return 0;
    }
    if (positionals.length === 0) throw new ClockpizzaError('give at least one checkpoint');
    if (options.json && options.markdown) throw new ClockpizzaError('choose one of --json and --markdown');
    const circles = (options.circles ?? 'both') as CircleMode;
    if (!CIRCLE_MODES.includes(circles)) throw new ClockpizzaError(`expected one of ${CIRCLE_MODES.join(', ')}, got ${JSON.stringify(options.circles)}`, { field: '--circles' });
    const load = checkpointLoadOptions(options);
    const rules = loadRules(options.rule);
    const reports: AuditReport[] = [];
    for (const path of positionals) {
      reports.push(await auditCheckpoint(path, { rules, circles, ...load, ...(options.neurons ? { perNeuron: true } : {}) }));
    }
    // auditCheckpoint has validated each report against the published schema already.
    if (options.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
    else if (options.markdown) process.stdout.write(formatReportsMarkdown(reports, circles));
    else process.stdout.write(formatReportsText(reports, circles));
    return 0;
  },
});
