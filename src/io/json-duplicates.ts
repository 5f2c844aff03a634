import { escapePointer } from '../schema/json-pointer.js';

/**
 * Calls `visit` with every object key of a JSON text, in the order of the text, with the JSON
 * pointer of its object ('' for the top level) and the keys of that object seen before it; stops
 * when `visit` returns true. The text order is what JSON.parse loses: an object lists keys that
 * look like array indices ("0", "17") first. Call only on text JSON.parse accepted.
 */
function walkKeys(text: string, visit: (pointer: string, key: string, before: ReadonlySet<string>) => boolean): void {
  interface Frame {
    object: boolean;
    keys: Set<string>;
    expectKey: boolean;
    path: string;
    lastKey: string;
    index: number;
  }
  const stack: Frame[] = [];
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return `${top.path}/${top.object ? escapePointer(top.lastKey) : String(top.index)}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '[') {
      stack.push({ object: c === '{', keys: new Set(), expectKey: c === '{', path: childPath(), lastKey: '', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1]!;
      if (top.object) top.expectKey = true;
      else top.index++;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (visit(top.path, key, top.keys)) return;
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = j;
    }
  }
}

/**
 * The first duplicated object key in a JSON text (as a JSON pointer to the object plus the key),
 * or undefined. JSON.parse silently keeps the last of two equal keys; a safetensors header with
 * two tensors of the same name must be refused instead. Call only on text JSON.parse accepted.
 */
export function findDuplicateKey(text: string): { pointer: string; key: string } | undefined {
  let found: { pointer: string; key: string } | undefined;
  walkKeys(text, (pointer, key, before) => {
    if (before.has(key)) found = { pointer, key };
    return found !== undefined;
  });
  return found;
}

/** The keys of the top-level object of a JSON text in the order the text lists them. */
export function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  walkKeys(text, (pointer, key) => {
    if (pointer === '') keys.push(key);
    return false;
  });
  return keys;
}
