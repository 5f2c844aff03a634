import { describe, expect, it } from 'vitest';
import { ClockpizzaError, InternalError, blameFile } from './errors.js';

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

describe('InternalError', () => {
  it('is not a ClockpizzaError, so the CLI reports it as a bug rather than bad input', () => {
    const e = new InternalError('tensor embed vanished');
    expect(e).not.toBeInstanceOf(ClockpizzaError);
    expect(e.name).toBe('InternalError');
    expect(e.message).toBe('internal: tensor embed vanished');
  });
});
