import { describe, expect, it } from 'vitest';
import { embeddedSvgs } from './embedded-svgs.js';

describe('embeddedSvgs', () => {
  it('finds every embedded svg of an HTML page', () => {
    const html = '<p>x</p><svg width="1"><g/></svg><div><svg class="marks"><text>y</text></svg></div><svgfoo/>';
    expect(embeddedSvgs(html)).toEqual(['<svg width="1"><g/></svg>', '<svg class="marks"><text>y</text></svg>']);
  });
});
