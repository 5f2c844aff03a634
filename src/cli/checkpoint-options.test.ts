import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { checkpointLoadOptions } from './checkpoint-options.js';

describe('--config and --attn', () => {
  it('pass on what was given, α as a number, and leave absent options out', () => {
    expect(checkpointLoadOptions({})).toEqual({});
    expect(checkpointLoadOptions({ config: 'c.json', attn: '0.5' })).toEqual({ config: 'c.json', attn: 0.5 });
    expect('config' in checkpointLoadOptions({ attn: '0' })).toBe(false);
  });

  it('name --attn when α is not a number in [0, 1]', () => {
    expect(clockpizzaErrorOf(() => checkpointLoadOptions({ attn: '1.5' })).message).toBe('--attn: the attention rate must lie in [0, 1]');
    expect(clockpizzaErrorOf(() => checkpointLoadOptions({ attn: 'half' })).message).toBe('--attn: expected a number, got "half"');
  });
});
