import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SweepProgress } from '../sweep/progress.js';
import { PopulationFile } from './population-file.js';
import { auditPopulation, type FileAuditor } from './run.js';

describe('auditPopulation', () => {
  it('times each file from its own start: the time left is the files left × the time per file', async () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = new SweepProgress({ total: 4, already: 0, concurrency: 1, name: 'population', unit: 'checkpoints', now: () => clock, write: (t) => lines.push(t), isTTY: false });
    // Every file takes 10 s; each is an error line (a file it could not read), as a population writes them.
    const auditor: FileAuditor = {
      audit: async (path) => {
        clock += 10_000;
        return { runid: path, path, error: { message: `${path}: unreadable` } };
      },
      close: async () => {},
    };
    const out = PopulationFile.open(join(mkdtempSync(join(tmpdir(), 'clockpizza-population-run-')), 'out.jsonl'), () => {});
    const paths = ['/in/a.pt', '/in/b.pt', '/in/c.pt', '/in/d.pt'];
    expect(await auditPopulation(paths, out, auditor, { concurrency: 1, progress })).toEqual({ audited: 4, errors: 4 });
    // After the third file: one file of 10 s left (timed from the start, it would say 20 s).
    expect(lines[2]).toMatch(/^\[3\/4\] \/in\/c\.pt error: \/in\/c\.pt: unreadable; 30s elapsed, about 10s left/);
    expect(lines[3]).toMatch(/about 0s left/);
  });
});
