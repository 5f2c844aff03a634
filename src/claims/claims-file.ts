import { ClockpizzaError } from '../errors.js';
import { parseJsonObject } from '../io/json-file.js';
import { readInputFile } from '../io/read-input.js';
import { assertValid, compileSchema } from '../schema/validate.js';
import type { Claim } from './kinds/index.js';

/**
 * A claims file (spec/claims/*.json, schema spec/schemas/claims.schema.json): JSON only,
 * never executed; duplicate keys, unknown fields, reversed ranges and repeated ids are errors
 * naming the file and the JSON pointer.
 */

export interface ClaimsFile {
  file: string;
  name: string;
  description: string;
  claims: Claim[];
}

export function parseClaims(bytes: Uint8Array, file: string): ClaimsFile {
  const { value } = parseJsonObject(bytes, file);
  assertValid(compileSchema<Omit<ClaimsFile, 'file'>>('claims'), value, file);
  const ids = new Map<string, number>();
  value.claims.forEach((claim, i) => {
    const at = (field: string) => `/claims/${i}/${field}`;
    const earlier = ids.get(claim.id);
    if (earlier !== undefined) throw new ClockpizzaError(`id ${JSON.stringify(claim.id)} already used by /claims/${earlier}`, { file, field: at('id') });
    ids.set(claim.id, i);
    for (const field of ['within', 'alpha'] as const) {
      const range = (claim as Partial<Record<typeof field, [number, number]>>)[field];
      if (range !== undefined && range[0] > range[1]) throw new ClockpizzaError(`[lo, hi] with lo > hi: ${JSON.stringify(range)}`, { file, field: at(field) });
    }
    if (claim.kind === 'circularFraction' && claim.atMost !== undefined && claim.atMost < claim.atLeast) {
      throw new ClockpizzaError(`atMost ${claim.atMost} is below atLeast ${claim.atLeast}`, { file, field: at('atMost') });
    }
  });
  return { file, name: value.name, description: value.description, claims: value.claims };
}

export function loadClaims(file: string): ClaimsFile {
  return parseClaims(readInputFile(file), file);
}
