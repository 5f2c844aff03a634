import { ClockpizzaError } from '../errors.js';
import { findDuplicateKey } from './json-duplicates.js';
import { readInputFile } from './read-input.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Objects and arrays nested deeper are refused before anything walks the value recursively
 * (schema validation of a rule nested 3,000 levels overflowed the stack). The tool's own files
 * nest at most 6 levels.
 */
export const MAX_JSON_DEPTH = 64;

/** A JSON object parsed from bytes, with the text it was parsed from (for duplicate-key checks, or to keep as read). */
export interface ParsedJson {
  value: Record<string, unknown>;
  text: string;
}

/**
 * Parses bytes that must hold a JSON object. Bad UTF-8, bad syntax, a duplicate key and a
 * non-object top level are each a ClockpizzaError naming `file` (and `field`, for JSON embedded in another format).
 */
export function parseJsonObject(bytes: Uint8Array, file: string, field?: string): ParsedJson {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ClockpizzaError('is not valid UTF-8', { file, field });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ClockpizzaError(`is not valid JSON: ${(error as Error).message}`, { file, field });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ClockpizzaError(`must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, { file, field });
  }
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) throw new ClockpizzaError(`nests objects and arrays ${depth} levels deep, more than the ${MAX_JSON_DEPTH} allowed`, { file, field });
  // JSON.parse keeps the last of two equal keys silently; a file that says two things is refused.
  const duplicate = findDuplicateKey(text);
  if (duplicate) throw new ClockpizzaError(`duplicate key '${duplicate.key}'${duplicate.pointer ? ` in ${duplicate.pointer}` : ''}`, { file, field });
  return { value: value as Record<string, unknown>, text };
}

/** Reads a file holding one JSON object; a missing, unreadable or malformed file names the file. */
export function readJsonFile(file: string): Record<string, unknown> {
  return parseJsonObject(readInputFile(file), file).value;
}

/** The deepest nesting of objects and arrays in a JSON text that JSON.parse accepted (strings skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      deepest = Math.max(deepest, ++depth);
    } else if (c === '}' || c === ']') {
      depth--;
    }
  }
  return deepest;
}
