import { circularityGate } from '../audit/circularity-gate.js';
import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { figurePaths, writeFigures } from '../plot/figure.js';
import { phaseFigures, seriesLabel, type PhaseSeries } from '../plot/phase-figures.js';
import { pngDrawsText } from '../plot/render.js';
import { analysePhase, DI_THRESHOLD, formatPhaseSummary, GS_THRESHOLD, type DiMetric } from '../sweep/phase-analysis.js';
import { readPopulation } from '../sweep/population.js';
import { TRAINING_RANGES } from './bounds.js';
import { defineCommand } from './command.js';
import { ungatedNote } from '../sweep/ungated.js';
import { checkOutputName, claimOutputs } from './output-paths.js';

export const command = defineCommand({
  name: 'phase',
  summary:
    `The paper's phase diagrams (gradient symmetricity and distance irrelevance against attention rate, and over attention rate × width) as SVG and PNG, from sweep results (JSONL) and/or the reference CSVs, overlaid when several are given. The boundary is where the per-bin median crosses ${GS_THRESHOLD} (GS) or ${DI_THRESHOLD} (DI), METRICS.md §8. Circular runs pass the rule file's circularity gate.`,
  usage: 'clockpizza phase <results.jsonl | reference.csv>… [--out DIR] [--summary] [--layers N] [--width D] [--di top-incorrect|correct] [--rule F]',
  options: {
    out: { type: 'string', description: 'directory for phase-*.svg and phase-*.png', placeholder: 'DIR' },
    summary: { type: 'boolean', description: 'print circular fractions by layer count, medians per α bin and the boundary estimates' },
    layers: { type: 'string', description: 'layer count of the runs plotted (default 1)', placeholder: 'N', range: TRAINING_RANGES.layers },
    width: { type: 'string', description: 'only runs of this width (default: each file as it is; one width = fixed-width figures, several = α × width)', placeholder: 'D', range: TRAINING_RANGES.width },
    rule: { type: 'string', description: 'verdict rule file whose non-circular gate tells circular runs (default spec/rules/paper.json)', placeholder: 'F' },
    force: { type: 'boolean', description: 'overwrite existing figure files in DIR' },
    di: { type: 'string', description: 'distance irrelevance used: top-incorrect (default; the CSVs\' own) or correct (sweep results only)', placeholder: 'WHICH' },
  },
  async run(positionals, options) {
    if (positionals.length === 0) throw new ClockpizzaError('give at least one results .jsonl or reference .csv');
    if (options.out === undefined && !options.summary) throw new ClockpizzaError('nothing to do: give --out DIR for figures, --summary for numbers, or both');
    if (options.out !== undefined) checkOutputName(options.out, '--out');
    const layers = options.layers ?? 1;
    const width = options.width;
    const di = options.di ?? 'top-incorrect';
    if (di !== 'top-incorrect' && di !== 'correct') throw new ClockpizzaError(`expected top-incorrect or correct, got ${JSON.stringify(di)}`, { field: '--di' });
    const diMetric: DiMetric = di === 'correct' ? 'distanceIrrelevance' : 'distanceIrrelevanceTopIncorrect';
    const gate = circularityGate(loadRules(options.rule));

    const series: PhaseSeries[] = [];
    const summaries: string[] = [];
    for (const file of positionals) {
      const population = readPopulation(file);
      if (diMetric === 'distanceIrrelevance' && population.source === 'reference-csv') {
        throw new ClockpizzaError('the reference CSVs hold only the top-incorrect distance irrelevance; drop --di correct to compare with them', { file, field: '--di' });
      }
      const analysis = analysePhase(population, { layers, diMetric, gate, ...(width === undefined ? {} : { width }) });
      summaries.push(formatPhaseSummary(analysis));
      if (analysis.runs.length === 0) {
        const why = analysis.ungatedRuns > 0 ? ` (${ungatedNote(analysis.ungatedRuns, analysis.selectedRuns, gate)})` : '';
        console.error(`clockpizza phase: ${file}: no circular ${layers}-layer runs${width === undefined ? '' : ` of width ${width}`} to plot${why}`);
        continue;
      }
      series.push({ label: seriesLabel(analysis, population.source), analysis });
    }
    if (options.summary) console.log(summaries.join('\n\n'));
    if (options.out !== undefined) {
      if (series.length === 0) {
        // The filter emptied every file; --out is not at fault (issue 18.19).
        const filter = `circular ${layers}-layer runs${width === undefined ? '' : ` of width ${width}`}`;
        throw new ClockpizzaError(`nothing to plot: no ${filter} in ${positionals.join(', ')}; change --layers${width === undefined ? '' : ' or --width'}`, { field: width === undefined ? '--layers' : '--layers, --width' });
      }
      if (!pngDrawsText()) console.error('clockpizza phase: no font found for PNG text (set CLOCKPIZZA_FONT=/path/to/font.ttf); the SVGs are complete');
      const figures = phaseFigures(series);
      claimOutputs(figurePaths(options.out, figures), options.force === true, '--out');
      const written = await writeFigures(options.out, figures);
      for (const path of written) console.log(`wrote ${path}`);
    }
    return 0;
  },
});
