import { describe, expect, it } from 'vitest';
import { embeddedSvgs, xmlProblem } from './xml-check.js';

describe('xmlProblem', () => {
  it('accepts well-formed XML', () => {
    for (const xml of [
      '<svg xmlns="http://www.w3.org/2000/svg"><g transform="translate(1,2)"><path d="M0,0L1,1Z"/><text x=\'1\'>a &lt; b &amp; &#955; &#x3bb;</text></g></svg>',
      '<?xml version="1.0"?>\n<!-- c --><a><![CDATA[ <raw> & ]]><b/></a>\n',
      '<a\n  x="1"\n  y="2"\n/>',
    ]) {
      expect(xmlProblem(xml), xml).toBeNull();
    }
  });
  it('names what is wrong', () => {
    const bad: [string, RegExp][] = [
      ['<a><b></a>', /<\/a> at offset 6 closes <b>/],
      ['<a>', /unclosed <a>/],
      ['<a></a><b/>', /second root/],
      ['<a x=1/>', /malformed tag <a>/],
      ['<a x="1" x="2"/>', /attribute x repeated/],
      ['<a>fish & chips</a>', /bare &/],
      ['<a t="&nbsp;"/>', /bad entity.*attribute t/],
      ['<a>1 < 2</a>', /bad tag name|bare </],
      ['text', /text outside the root|no root/],
      ['', /no root element/],
      ['<a><!-- x </a>', /unterminated comment/],
    ];
    for (const [xml, message] of bad) expect(xmlProblem(xml), xml).toMatch(message);
  });
  it('finds every embedded svg of an HTML page', () => {
    const html = '<p>x</p><svg width="1"><g/></svg><div><svg class="marks"><text>y</text></svg></div><svgfoo/>';
    expect(embeddedSvgs(html)).toEqual(['<svg width="1"><g/></svg>', '<svg class="marks"><text>y</text></svg>']);
  });
});
