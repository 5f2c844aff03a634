import { describe, expect, it } from 'vitest';
import { rootElement, xmlProblem } from './xml-check.js';

describe('xmlProblem', () => {
  it('accepts well-formed documents', () => {
    for (const xml of [
      '<?xml version="1.0"?><svg a="1" b=\'2\'><g><text>a &amp; b &#945;</text><rect/></g></svg>',
      '<svg xmlns="http://www.w3.org/2000/svg"><g transform="translate(1,2)"><path d="M0,0L1,1Z"/><text x=\'1\'>a &lt; b &amp; &#955; &#x3bb;</text></g></svg>',
      '<?xml version="1.0"?>\n<!-- c --><a><![CDATA[ <raw> & ]]><b/></a>\n',
      '\uFEFF<!DOCTYPE svg><a\n  x="1"\n  y="2"\n/>',
    ]) {
      expect(xmlProblem(xml), xml).toBeNull();
    }
    expect(rootElement('<!-- c --><svg width="1"></svg>')).toBe('svg');
  });

  it('names what is wrong', () => {
    expect(xmlProblem('<svg><g></svg>')).toBe('</svg> at offset 8 closes <g>');
    expect(xmlProblem('<svg><g>')).toBe('unclosed <g>');
    expect(xmlProblem('')).toBe('no root element');
    const bad: [string, RegExp][] = [
      ['<a></a><b/>', /second root/],
      ['<a x=1/>', /malformed tag <a>/],
      ['<a x="1" x="2"/>', /attribute x repeated/],
      ['<a>fish & chips</a>', /bare &/],
      ['<a t="&nbsp;"/>', /bad entity.*attribute t/],
      ['<a>1 < 2</a>', /bad tag name|bare </],
      ['hello', /text outside the root/],
      ['<a><!-- x </a>', /unterminated comment/],
    ];
    for (const [xml, message] of bad) expect(xmlProblem(xml), xml).toMatch(message);
  });
});
