import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { assertValid, compileSchema, schemaProblems } from './validate.js';

const sidecar = compileSchema('sidecar');

describe('schema validation', () => {
  it('compiles each schema once', () => {
    expect(compileSchema('sidecar')).toBe(sidecar);
  });

  it('points at the field itself: a missing one, an unknown one, a wrong value', () => {
    expect(schemaProblems(sidecar, {})).toEqual([{ pointer: '/C', message: 'is required' }]);
    const metrics = { accuracy: { id: 'accuracy@1', value: 1, tolerance: { absolute: 0 } } };
    const golden = { description: 'd', checkpoint: { path: 'x' }, sha256: 'a'.repeat(64), metrics, verdict: { algorithm: 'pizza', lean: 'pizza' } };
    expect(schemaProblems(compileSchema('golden'), golden)).toEqual([]);
    expect(schemaProblems(compileSchema('golden'), { ...golden, tolerence: 1 })).toEqual([
      { pointer: '/tolerence', message: 'is not a known field' },
    ]);
    expect(schemaProblems(sidecar, { C: 59, act_fn: 'tanh' })).toEqual([{ pointer: '/act_fn', message: 'must be one of "ReLU", "GeLU"' }]);
    expect(schemaProblems(sidecar, { C: 59 })).toEqual([]);
  });

  it('throws file: /pointer: message, listing the other problems', () => {
    const error = clockpizzaErrorOf(() => assertValid(sidecar, { C: 59, d_model: -1, n_heads: 0 }, 'c.json'));
    expect(error.file).toBe('c.json');
    expect(error.field).toBe('/n_heads');
    expect(error.message).toBe('c.json: /n_heads: must be >= 1 (and 1 more: /d_model: must be >= 1)');
  });
});
