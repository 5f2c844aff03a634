import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ClockpizzaError } from '../errors.js';
import { repoRoot } from '../reference.js';

/** What a spec predicts for one metric (see spec/schemas/algorithm.schema.json). */
export interface Prediction {
  value?: number;
  tolerance?: number;
  atMost?: number;
  meanOf?: string;
  undefined?: 'constant-table' | 'zero-gradient';
  when?: string;
  law: string;
  reference: string;
}

/** An ideal algorithm as data: one file in spec/algorithms/. */
export interface AlgorithmSpec {
  name: string;
  description: string;
  logit: string;
  tokenForm: string;
  embedding: string;
  frequency: 'circle' | 'half-of-circle';
  signature: {
    accuracy?: Prediction;
    gradientSymmetricity?: Prediction;
    distanceIrrelevance?: Prediction;
    circularity?: Prediction;
  };
  references: string[];
}

export function algorithmsDir(): string {
  return resolve(repoRoot(), 'spec', 'algorithms');
}

export function algorithmSchemaPath(): string {
  return resolve(repoRoot(), 'spec', 'schemas', 'algorithm.schema.json');
}

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(algorithmSchemaPath(), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

/** Reads and schema-checks one spec file; errors name the file and the JSON-pointer field. */
export function loadAlgorithmSpec(file: string): AlgorithmSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ClockpizzaError(`cannot read: ${(error as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ClockpizzaError(`not valid JSON: ${(error as Error).message}`, { file });
  }
  const check = validate();
  if (!check(json)) {
    const first = check.errors![0]!;
    throw new ClockpizzaError(describe(first, check.errors!.length), { file, field: pointer(first) });
  }
  const spec = json as AlgorithmSpec;
  const stem = stemOf(basename(file));
  if (spec.name !== stem) {
    throw new ClockpizzaError(`name "${spec.name}" must equal the file name "${stem}"`, { file, field: '/name' });
  }
  return spec;
}

/** Every spec in `dir` (default spec/algorithms), sorted by name: adding an algorithm is adding a file. */
export function loadAlgorithmSpecs(dir: string = algorithmsDir()): { file: string; spec: AlgorithmSpec }[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort((x, y) => (stemOf(x) < stemOf(y) ? -1 : 1));
  } catch (error) {
    throw new ClockpizzaError(`cannot list algorithm specs: ${(error as Error).message}`, { file: dir });
  }
  return names.map((n) => {
    const file = join(dir, n);
    return { file, spec: loadAlgorithmSpec(file) };
  });
}

/** The JSON pointer of the offending field (for a missing or extra property, the property itself). */
function pointer(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  const path = error.instancePath === '' ? '' : error.instancePath;
  return child === undefined ? path || '/' : `${path}/${child}`;
}

function describe(error: ErrorObject, count: number): string {
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  let message = error.message ?? 'is invalid';
  if (params.additionalProperty !== undefined) message = 'is not a known field';
  if (params.allowedValues !== undefined) message += ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  return count > 1 ? `${message} (and ${count - 1} more schema error${count > 2 ? 's' : ''})` : message;
}

function stemOf(fileName: string): string {
  return fileName.replace(/\.json$/, '');
}
