import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { CHECKPOINT_OPTIONS, checkpointLoadOptions } from './checkpoint-options.js';
import { defineCommand, parseOptions } from './command.js';

const command = defineCommand({ name: 't', summary: '', usage: '', options: CHECKPOINT_OPTIONS, run: async () => 0 });

describe('--config and --attn', () => {
  it('pass on what was given, α as a number, and leave absent options out', () => {
    expect(checkpointLoadOptions({})).toEqual({});
    expect(checkpointLoadOptions(parseOptions(command, ['--config', 'c.json', '--attn', '0.5']).options)).toEqual({ config: 'c.json', attn: 0.5 });
    expect('config' in checkpointLoadOptions(parseOptions(command, ['--attn', '0']).options)).toBe(false);
  });

  it('name --attn when α is not a decimal number in [0, 1]', () => {
    expect(clockpizzaErrorOf(() => parseOptions(command, ['--attn', '1.5'])).message).toBe('--attn: must be a number in [0, 1], got 1.5');
    expect(clockpizzaErrorOf(() => parseOptions(command, ['--attn', 'half'])).message).toBe('--attn: expected a number, got "half"');
  });
});
