import { ClockpizzaError } from '../errors.js';
import { parseCsv } from './csv.js';
import { readText } from './text-file.js';
import type { Run } from './run.js';

/**
 * The paper's result tables (pizza-repo/results/*.csv, one W&B run per row) as Runs. Columns
 * by name (METRICS.md §0): attn_coeff, d_model, n_layers, diff_vocab, eqn_sign, runid, epoch,
 * gradient_sim, distance_irrelevance (the top-incorrect logit's), circularity,
 * parameter_norm (logged during training). Empty cells are missing values.
 */

const REQUIRED = ['runid', 'attn_coeff', 'd_model', 'n_layers', 'diff_vocab', 'eqn_sign', 'gradient_sim', 'distance_irrelevance', 'circularity'] as const;

export function parseReferenceCsv(text: string, file: string): Run[] {
  const table = parseCsv(text, file);
  const column = new Map(table.header.map((name, i) => [name, i]));
  for (const name of REQUIRED) {
    if (!column.has(name)) throw new ClockpizzaError(`no column ${JSON.stringify(name)} in the header`, { file, field: name });
  }
  return table.records.map(({ line, cells }) => {
    const where = `${file}:${line}`;
    const cell = (name: string): string => {
      const i = column.get(name);
      return i === undefined ? '' : cells[i]!.trim();
    };
    const number = (name: string): number | null => {
      const s = cell(name);
      if (s === '') return null;
      const v = Number(s);
      if (!Number.isFinite(v)) throw new ClockpizzaError(`expected a number, got ${JSON.stringify(s)}`, { file: where, field: name });
      return v;
    };
    const required = (name: string): number => {
      const v = number(name);
      if (v === null) throw new ClockpizzaError('empty, but every run needs it', { file: where, field: name });
      return v;
    };
    const integer = (name: string): number => {
      const v = required(name);
      if (!Number.isInteger(v) || v < 1) throw new ClockpizzaError(`expected a positive integer, got ${v}`, { file: where, field: name });
      return v;
    };
    // released tables and configs write these flags as 0/1 or false/true
    const flag = (name: string): boolean => {
      const s = cell(name).toLowerCase();
      if (s === '0' || s === 'false' || s === '0.0') return false;
      if (s === '1' || s === 'true' || s === '1.0') return true;
      throw new ClockpizzaError(`expected 0/1 or false/true, got ${JSON.stringify(cell(name))}`, { file: where, field: name });
    };
    const attn = required('attn_coeff');
    if (attn < 0 || attn > 1) throw new ClockpizzaError(`attention rate outside [0, 1]: ${attn}`, { file: where, field: 'attn_coeff' });
    return {
      file,
      line,
      source: 'reference-csv' as const,
      runid: cell('runid') || `${file}:${line}`,
      seed: null,
      attn,
      width: integer('d_model'),
      layers: integer('n_layers'),
      diffVocab: flag('diff_vocab'),
      eqnSign: flag('eqn_sign'),
      steps: number('epoch'),
      verdict: null,
      metrics: {
        accuracy: null,
        parameterNorm: number('parameter_norm'),
        gradientSymmetricity: number('gradient_sim'),
        distanceIrrelevance: null,
        distanceIrrelevanceTopIncorrect: number('distance_irrelevance'),
        circularity: number('circularity'),
      },
    };
  });
}

export function readReferenceCsv(file: string): Run[] {
  return parseReferenceCsv(readText(file), file);
}
