import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { parseJsonObject, readJsonFile } from './json-file.js';

const enc = (text: string) => new TextEncoder().encode(text);

describe('JSON object files', () => {
  it('parses an object and keeps the text', () => {
    expect(parseJsonObject(enc('{"a": 1}'), 'f.json')).toEqual({ value: { a: 1 }, text: '{"a": 1}' });
  });

  it('names the file (and field) of bad UTF-8, bad syntax and a non-object', () => {
    expect(clockpizzaErrorOf(() => parseJsonObject(Uint8Array.from([0x7b, 0xff, 0x7d]), 'f.json')).message).toBe('f.json: is not valid UTF-8');
    expect(clockpizzaErrorOf(() => parseJsonObject(enc('{"a":'), 'f.json', 'header')).message).toMatch(/^f\.json: header: is not valid JSON: /);
    expect(clockpizzaErrorOf(() => parseJsonObject(enc('null'), 'f.json')).message).toBe('f.json: must be a JSON object, got null');
    expect(clockpizzaErrorOf(() => parseJsonObject(enc('3'), 'f.json')).message).toBe('f.json: must be a JSON object, got number');
  });

  it('reads a file, naming a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-json-file-'));
    writeFileSync(join(dir, 'ok.json'), '{"b": [1]}');
    expect(readJsonFile(join(dir, 'ok.json'))).toEqual({ b: [1] });
    expect(clockpizzaErrorOf(() => readJsonFile(join(dir, 'absent.json'))).message).toBe(`${join(dir, 'absent.json')}: no such file`);
  });
});
