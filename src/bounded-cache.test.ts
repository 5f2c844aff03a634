import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('makes a value once, keeps at most `kept`, and lets the oldest go first', () => {
    const made: string[] = [];
    const cache = new BoundedCache<string>(2);
    const get = (key: string) => cache.get(key, () => (made.push(key), `value of ${key}`));
    expect(get('a')).toBe('value of a');
    get('a');
    get('b');
    expect(made).toEqual(['a', 'b']);
    get('c'); // a goes
    get('b');
    get('a'); // made again; b goes
    expect(made).toEqual(['a', 'b', 'c', 'a']);
    get('c');
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });
});
