import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { repoRoot } from '../reference.js';
import { readJsonFile } from '../io/json-file.js';
import { assertValid, compileSchema, schemaPath } from '../schema/validate.js';

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
  return schemaPath('algorithm');
}

/** Reads and schema-checks one spec file; errors name the file and the JSON-pointer field. */
export function loadAlgorithmSpec(file: string): AlgorithmSpec {
  const spec = readJsonFile(file);
  assertValid(compileSchema<AlgorithmSpec>('algorithm'), spec, file);
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

function stemOf(fileName: string): string {
  return fileName.replace(/\.json$/, '');
}
