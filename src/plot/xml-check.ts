/**
 * A well-formedness check for the XML we write (SVG figures): every tag closed in order,
 * attributes quoted, no stray `<` or `&` in text, one root element. Not a validating parser;
 * enough for tests to catch a broken figure without a browser or an XML dependency.
 * Returns the problem, or null when the document is well-formed.
 */
export function xmlProblem(text: string): string | null {
  const body = text.replace(/^\uFEFF/, '').replace(/<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<!DOCTYPE[^>]*>/i, '');
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt < 0 ? body.length : lt);
    const badAmp = /&(?!(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)/.exec(textPart);
    if (badAmp) return `an unescaped & at offset ${i + badAmp.index}`;
    if (stack.length === 0 && textPart.trim() !== '') return `text outside the root element at offset ${i}`;
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) return `a malformed tag at offset ${lt}: ${JSON.stringify(body.slice(lt, lt + 40))}`;
    const [whole, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open ?? 'nothing'}> at offset ${lt}`;
    } else {
      if (stack.length === 0 && ++roots > 1) return `a second root element <${name}> at offset ${lt}`;
      if (!selfClosing) stack.push(name!);
    }
    i = lt + whole.length;
  }
  if (stack.length > 0) return `<${stack[stack.length - 1]}> is never closed`;
  if (roots === 0) return 'no root element';
  return null;
}

/** The name of the root element, e.g. "svg". */
export function rootElement(text: string): string | undefined {
  return /<([A-Za-z_][\w:.-]*)[\s>/]/.exec(text.replace(/<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/i, ''))?.[1];
}
