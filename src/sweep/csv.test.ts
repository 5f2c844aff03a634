import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClockpizzaError } from '../errors.js';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks inside quotes, empty cells', () => {
    const t = parseCsv('a,b,c\r\n1,"x, ""y""",\n"multi\nline",,3\n', 'f.csv');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.records).toEqual([
      { line: 2, cells: ['1', 'x, "y"', ''] },
      { line: 3, cells: ['multi\nline', '', '3'] },
    ]);
  });

  it('reads a last record without a trailing newline and skips blank lines', () => {
    const t = parseCsv('\ufeffa,b\n\n1,2', 'f.csv');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.records).toEqual([{ line: 3, cells: ['1', '2'] }]);
  });

  it('names the file and line of a ragged row or an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'f.csv')).toThrow(new ClockpizzaError('1 cells where the header has 2', { file: 'f.csv:3' }));
    expect(() => parseCsv('a,b\n1,"2\n', 'f.csv')).toThrow(/f\.csv:2: a quoted field is not closed/);
    expect(() => parseCsv('a,b\n1,"2"x\n', 'f.csv')).toThrow(/f\.csv:2: text after a closing quote/);
    expect(() => parseCsv('', 'f.csv')).toThrow(/f\.csv: empty CSV/);
  });

  it('round-trips any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', ' ', '1') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 2, maxLength: 5 })), (rows) => {
        // a row of empty cells in a one-column table is a blank line, which CSV cannot tell apart
        fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
        const quote = (s: string) => (/[",\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
        const text = rows.map((r) => r.map(quote).join(',')).join('\n');
        const t = parseCsv(text, 'p.csv');
        expect([t.header, ...t.records.map((r) => r.cells)]).toEqual(rows);
      }),
    );
  });
});
