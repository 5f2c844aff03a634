import { describe, expect, it } from 'vitest';
import { rootElement, xmlProblem } from './xml-check.js';

describe('xmlProblem', () => {
  it('accepts well-formed documents', () => {
    expect(xmlProblem('<?xml version="1.0"?><svg a="1" b=\'2\'><g><text>a &amp; b &#945;</text><rect/></g></svg>')).toBeNull();
    expect(rootElement('<!-- c --><svg width="1"></svg>')).toBe('svg');
  });

  it('names what is wrong', () => {
    expect(xmlProblem('<svg><g></svg>')).toBe('</svg> closes <g> at offset 8');
    expect(xmlProblem('<svg><g>')).toBe('<g> is never closed');
    expect(xmlProblem('<svg a=1></svg>')).toMatch(/malformed tag/);
    expect(xmlProblem('<svg>a & b</svg>')).toMatch(/unescaped &/);
    expect(xmlProblem('<svg></svg><svg></svg>')).toMatch(/second root/);
    expect(xmlProblem('hello')).toMatch(/text outside/);
    expect(xmlProblem('')).toBe('no root element');
  });
});
