import { existsSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';
import { appendDurably, replaceDurably } from '../sweep/durable-write.js';
import { assertSweepResult, checkedLines } from '../sweep/results.js';
import { readText } from '../sweep/text-file.js';
import type { PopulationLine } from './row.js';

/**
 * A population's results JSONL (`--out`), kept as the sweep keeps its own: each audited file is
 * committed by appending its line with one write and an fsync, so a killed run loses only the
 * files in flight; a torn last line is set aside in a side file with a warning, never dropped.
 * Resuming skips every path that already has a line (an error line too: delete it to retry).
 * Lines are appended in completion order and the file is rewritten sorted by path, atomically,
 * when opened and when the work is done, so a finished population holds the same bytes however
 * it was interrupted or parallelised.
 */
export class PopulationFile {
  private readonly lines = new Map<string, string>();

  private constructor(readonly path: string) {}

  static open(path: string, warn: (message: string) => void = (m) => console.warn(m)): PopulationFile {
    const file = new PopulationFile(path);
    if (!existsSync(path)) {
      replaceDurably(path, '');
      return file;
    }
    const text = readText(path);
    const cut = text.lastIndexOf('\n') + 1;
    const tail = text.slice(cut);
    if (tail.length > 0) {
      const aside = `${path}.torn-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      replaceDurably(aside, tail);
      warn(`${path}: the last line was incomplete (${tail.length} bytes, a population killed while writing it); set aside in ${aside}; that file will be audited again`);
    }
    for (const { result, text: line, where } of checkedLines(text.slice(0, cut), path)) {
      const key = (result as { path?: unknown }).path;
      if (typeof key !== 'string') throw new ClockpizzaError('a line without a path: not a population results file (a sweep writes its own results.jsonl)', { file: where, field: 'path' });
      if (file.lines.has(key)) throw new ClockpizzaError(`${JSON.stringify(key)} appears twice`, { file: where, field: 'path' });
      file.lines.set(key, line);
    }
    if (file.canonicalText() !== text) file.canonicalise();
    return file;
  }

  has(path: string): boolean {
    return this.lines.has(path);
  }

  get size(): number {
    return this.lines.size;
  }

  /** Checks the line against the schema, then commits it (one write + fsync). */
  append(line: PopulationLine): void {
    const where = `${this.path} (new line for ${line.path})`;
    if (this.lines.has(line.path)) throw new ClockpizzaError('this file is already in the population', { file: where, field: 'path' });
    const text = JSON.stringify(line);
    assertSweepResult(JSON.parse(text), where);
    appendDurably(this.path, text + '\n');
    this.lines.set(line.path, text);
  }

  /** The lines sorted by path, each ending with a newline. */
  canonicalText(): string {
    return [...this.lines.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, text]) => text + '\n')
      .join('');
  }

  /** Rewrites the file sorted by path (atomically). */
  canonicalise(): void {
    replaceDurably(this.path, this.canonicalText());
  }
}
