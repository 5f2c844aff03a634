import { ClockpizzaError } from '../errors.js';

/**
 * An RFC 4180 CSV reader: quoted fields (with "" for a quote, and commas or line breaks
 * inside), CRLF or LF, empty cells as ''. Each record keeps the line it starts on so that
 * errors can name it.
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

export function parseCsv(text: string, file: string): CsvTable {
  const rows: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  let cellStart = true;
  const endRecord = () => {
    cells.push(cell);
    // a blank line is not a record
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    cellStart = true;
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
            throw new ClockpizzaError(`text after a closing quote`, { file: `${file}:${line}` });
          }
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cellStart) {
      quoted = true;
      cellStart = false;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      cellStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (ch === '"') throw new ClockpizzaError('a quote inside an unquoted field', { file: `${file}:${line}` });
      cell += ch;
      cellStart = false;
    }
  }
  if (quoted) throw new ClockpizzaError('a quoted field is not closed before the end of the file', { file: `${file}:${recordLine}` });
  if (cell !== '' || cells.length > 0) endRecord();

  const [first, ...records] = rows;
  if (first === undefined) throw new ClockpizzaError('empty CSV: no header', { file });
  for (const record of records) {
    if (record.cells.length !== first.cells.length) {
      throw new ClockpizzaError(`${record.cells.length} cells where the header has ${first.cells.length}`, { file: `${file}:${record.line}` });
    }
  }
  return { header: first.cells, records };
}
