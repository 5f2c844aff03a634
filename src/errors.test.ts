import { describe, expect, it } from 'vitest';
import { ClockpizzaError, blameFile } from './errors.js';

describe('ClockpizzaError', () => {
  it('names the file and the field before the message', () => {
    const e = new ClockpizzaError('must be a number', { file: 'a.json', field: 'attn_coeff' });
    expect(e.message).toBe('a.json: attn_coeff: must be a number');
  });
  it('blameFile adds the file to an error that lacks one', () => {
    expect(blameFile('m.pt', new Error('boom')).message).toBe('m.pt: boom');
    const named = new ClockpizzaError('x', { file: 'other.pt' });
    expect(blameFile('m.pt', named)).toBe(named);
  });
});
