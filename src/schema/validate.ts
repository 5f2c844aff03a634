import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ClockpizzaError } from '../errors.js';
import { escapePointer } from './json-pointer.js';
import { repoRoot } from '../reference.js';

/**
 * Schema checks for every JSON file the tool reads or writes (spec/schemas/<name>.schema.json).
 * Problems are reported by JSON pointer, so a user can fix the file without reading a stack.
 */

export type SchemaName = 'algorithm' | 'audit-report' | 'boundary' | 'claims' | 'dynamics' | 'golden' | 'progress-measures-config' | 'rules' | 'sidecar' | 'sweep-result';

/** Absolute path of a published schema, e.g. `schemaPath('rules')` → <repo>/spec/schemas/rules.schema.json. */
export function schemaPath(name: SchemaName): string {
  return resolve(repoRoot(), 'spec/schemas', `${name}.schema.json`);
}

// allowUnionTypes: the schemas use `"type": ["number", "null"]`, which strict mode would otherwise log about.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const compiled = new Map<SchemaName, ValidateFunction>();

/** The validator of a published schema, compiled on first use and then reused. */
export function compileSchema<T>(name: SchemaName): ValidateFunction<T> {
  let validate = compiled.get(name);
  if (validate === undefined) {
    validate = ajv.compile(JSON.parse(readFileSync(schemaPath(name), 'utf8')) as object);
    compiled.set(name, validate);
  }
  return validate as ValidateFunction<T>;
}

/** One schema violation: the JSON pointer of the field at fault and what is wrong with it. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

/** Every violation of `data` (empty when valid), each pointing at the field itself (a missing or unknown one included). */
export function schemaProblems(validate: ValidateFunction, data: unknown): SchemaProblem[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // An `if` failure only repeats the `then` error reported beside it.
  const useful = errors.filter((e) => e.keyword !== 'if');
  return (useful.length > 0 ? useful : errors).map(problemOf);
}

/**
 * Throws a ClockpizzaError `where: /pointer: message (and N more: /p: m; …)` unless `data` is
 * valid; the error's field is the first problem's pointer.
 */
export function assertValid<T>(validate: ValidateFunction<T>, data: unknown, where: string): asserts data is T {
  const [first, ...rest] = schemaProblems(validate, data);
  if (first === undefined) return;
  const more = rest.length > 0 ? ` (and ${rest.length} more: ${rest.map((p) => `${p.pointer}: ${p.message}`).join('; ')})` : '';
  throw new ClockpizzaError(`${first.message}${more}`, { file: where, field: first.pointer });
}

function problemOf(error: ErrorObject): SchemaProblem {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  const child = error.keyword === 'required' ? params.missingProperty : error.keyword === 'additionalProperties' ? params.additionalProperty : undefined;
  const pointer = child === undefined ? error.instancePath || '/' : `${error.instancePath}/${escapePointer(child)}`;
  const message =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not a known field'
        : error.keyword === 'enum'
          ? `must be one of ${params.allowedValues!.map((v) => JSON.stringify(v)).join(', ')}`
          : (error.message ?? error.keyword);
  return { pointer, message };
}
