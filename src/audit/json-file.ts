import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ClockpizzaError } from '../errors.js';
import { repoRoot } from '../reference.js';

/**
 * Reading and schema-checking the JSON files this area reads and writes (rule files, golden
 * files, audit reports). Every failure is a ClockpizzaError naming the file and the JSON
 * pointer of the offending field, so a user can fix the file without reading a stack.
 */

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();

/** Absolute path of a published schema, e.g. `schemaPath('rules')` → spec/schemas/rules.schema.json. */
export function schemaPath(name: string): string {
  return resolve(repoRoot(), 'spec/schemas', `${name}.schema.json`);
}

function validator(name: string): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    const schema = JSON.parse(readFileSync(schemaPath(name), 'utf8')) as object;
    validate = ajv.compile(schema);
    validators.set(name, validate);
  }
  return validate;
}

/** Reads and parses a JSON file; unreadable or malformed files name the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClockpizzaError(code === 'ENOENT' ? 'no such file' : `cannot read: ${(error as Error).message}`, { file });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ClockpizzaError(`not valid JSON: ${(error as Error).message}`, { file });
  }
}

/** One line per schema error, each led by the JSON pointer of the field at fault. */
export function describeSchemaErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map((e) => {
    const pointer = e.instancePath === '' ? '/' : e.instancePath;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
          : '';
    return `${pointer}: ${e.message ?? e.keyword}${extra}`;
  });
}

/**
 * Checks `data` against the named schema; on failure throws a ClockpizzaError whose field is
 * the JSON pointer of the first error and whose message lists every error.
 */
export function assertSchema<T>(name: string, data: unknown, file: string): asserts data is T {
  const validate = validator(name);
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  const lines = describeSchemaErrors(errors);
  const first = errors[0]?.instancePath || '/';
  throw new ClockpizzaError(`does not match ${name}.schema.json:\n  ${lines.join('\n  ')}`, { file, field: first });
}

/** The validation errors of `data` against the named schema (empty when valid). */
export function schemaErrors(name: string, data: unknown): string[] {
  const validate = validator(name);
  return validate(data) ? [] : describeSchemaErrors(validate.errors ?? []);
}
