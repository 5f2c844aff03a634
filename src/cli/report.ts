import { loadRules } from '../audit/rules.js';
import { verdictText } from '../audit/verdict.js';
import { ClockpizzaError } from '../errors.js';
import { buildReport, reportPaths, writeReport } from '../report/build-report.js';
import { CHECKPOINT_OPTIONS, checkpointLoadOptions } from './checkpoint-options.js';
import { defineCommand } from './command.js';
import { checkOutputName, claimOutputs } from './output-paths.js';

export const command = defineCommand({
  name: 'report',
  summary:
    'One self-contained HTML page (inline SVG, no scripts, no external URLs) for a checkpoint: the verdict with its reasons, the metric table, ' +
    "each circle's principal components with tokens labelled, the correct-logit heat map by (a+b, a−b) and re-ordered by (a−b)/δ, and per-circle FVE bars.",
  usage: 'clockpizza report <checkpoint> --out report.html [--config F] [--attn A] [--rule paper|fourier|F] [--png DIR]',
  options: {
    out: { type: 'string', placeholder: 'FILE', description: 'the HTML file to write (atomically)' },
    ...CHECKPOINT_OPTIONS,
    rule: { type: 'string', placeholder: 'F', description: 'verdict rule: paper (default), fourier, or a rule file' },
    png: { type: 'string', placeholder: 'DIR', description: 'also write each figure as DIR/<figure>.png (resvg)' },
    force: { type: 'boolean', description: 'overwrite existing output files' },
  },
  async run(positionals, options) {
    if (positionals.length !== 1) throw new ClockpizzaError(`give exactly one checkpoint, got ${positionals.length}`);
    if (options.out === undefined) throw new ClockpizzaError('is required (the HTML file to write)', { field: '--out' });
    // The page is checked before the audit (seconds of work); the figures' names are known after it.
    claimOutputs([options.out], options.force === true, '--out');
    if (options.png !== undefined) checkOutputName(options.png, '--png');
    const load = checkpointLoadOptions(options);
    const built = await buildReport(positionals[0]!, {
      rules: loadRules(options.rule),
      ...load,
    });
    claimOutputs(reportPaths(built, options.out, options.png).slice(1), options.force === true, '--png');
    const written = writeReport(built, options.out, options.png);
    console.error(`clockpizza report: ${verdictText(built.audit.verdict)}; wrote ${written.join(', ')}`);
    return 0;
  },
});
