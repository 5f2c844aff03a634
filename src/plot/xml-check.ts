/**
 * A small XML well-formedness check for the XML we write (SVG figures, the report's embedded
 * SVGs): tags balanced and properly nested, attributes quoted and not repeated, entities the
 * five of XML or numeric, one root element. Not a validating parser; enough for tests to catch
 * a broken figure without a browser or an XML dependency. Returns the problem, or null.
 */

const NAME = /^[A-Za-z_:][\w.:-]*$/;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/y;
const ENTITY = /&(?:(?:amp|lt|gt|quot|apos);|#\d+;|#x[0-9a-fA-F]+;)/y;

function checkText(text: string, at: number): string | null {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(text)) return `bad entity or bare & at offset ${at + i}`;
  }
  if (text.includes('<')) return `bare < at offset ${at + text.indexOf('<')}`;
  return null;
}

/** The problem of a document, or null when it is well-formed. */
export function xmlProblem(xml: string): string | null {
  const stack: string[] = [];
  let i = 0;
  let sawRoot = false;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    const bad = checkText(text, i);
    if (bad) return bad;
    if (stack.length === 0 && text.trim() !== '') return `text outside the root element at offset ${i}`;
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return `unterminated comment at offset ${lt}`;
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) return `unterminated CDATA at offset ${lt}`;
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt);
      if (end < 0) return `unterminated declaration at offset ${lt}`;
      i = end + 1;
      continue;
    }
    if (xml[lt + 1] === '/') {
      const end = xml.indexOf('>', lt);
      if (end < 0) return `unterminated end tag at offset ${lt}`;
      const name = xml.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (open !== name) return `</${name}> at offset ${lt} closes ${open === undefined ? 'nothing' : `<${open}>`}`;
      i = end + 1;
      continue;
    }
    const nameMatch = /^[^\s/>]+/.exec(xml.slice(lt + 1, lt + 200));
    const name = nameMatch?.[0] ?? '';
    if (!NAME.test(name)) return `bad tag name ${JSON.stringify(name)} at offset ${lt}`;
    if (stack.length === 0 && sawRoot) return `a second root element <${name}> at offset ${lt}`;
    let j = lt + 1 + name.length;
    const seen = new Set<string>();
    for (;;) {
      ATTRIBUTE.lastIndex = j;
      const m = ATTRIBUTE.exec(xml);
      if (!m) break;
      const attr = m[1]!;
      if (!NAME.test(attr)) return `bad attribute name ${JSON.stringify(attr)} in <${name}> at offset ${lt}`;
      if (seen.has(attr)) return `attribute ${attr} repeated in <${name}> at offset ${lt}`;
      seen.add(attr);
      const value = m[3] ?? m[4] ?? '';
      const problem = checkText(value, j);
      if (problem) return `${problem} (attribute ${attr} of <${name}>)`;
      j = ATTRIBUTE.lastIndex;
    }
    while (j < xml.length && /\s/.test(xml[j]!)) j++;
    if (xml.startsWith('/>', j)) {
      i = j + 2;
    } else if (xml[j] === '>') {
      stack.push(name);
      i = j + 1;
    } else {
      return `malformed tag <${name}> at offset ${lt} (unquoted attribute or stray character at ${j})`;
    }
    sawRoot = true;
  }
  if (stack.length > 0) return `unclosed <${stack[stack.length - 1]}>`;
  if (!sawRoot) return 'no root element';
  return null;
}

/** The name of the root element, e.g. "svg". */
export function rootElement(text: string): string | undefined {
  return /<([A-Za-z_][\w:.-]*)[\s>/]/.exec(text.replace(/<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/i, ''))?.[1];
}
