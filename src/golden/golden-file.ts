import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Algorithm } from '../audit/rules.js';
import type { Role } from '../audit/roles.js';
import type { Lean } from '../audit/verdict.js';
import { ClockpizzaError } from '../errors.js';
import type { Tolerance } from '../metrics/definition.js';
import { readInputFile } from '../io/read-input.js';
import { referenceDir } from '../reference.js';
import { parseJsonObject } from '../io/json-file.js';
import { assertValid, compileSchema } from '../schema/validate.js';

/** Golden files (golden/*.json, schema spec/schemas/golden.schema.json): what an audit must keep saying. */

/**
 * Where a golden file's checkpoint (or sidecar) lives: a path in the project, a path in the
 * reference material (CLOCKPIZZA_REFERENCE), or a path under a root the user names by an
 * environment variable (`{ "root": "MY_CHECKPOINTS", "path": "run1/model.pt" }`). Each stays
 * inside its base directory, so a golden file can point at nothing else (issue 18.15).
 */
export type Location = { path: string } | { reference: string } | { root: string; path: string };

/** An environment variable name usable as a root. */
export const ROOT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export type { Tolerance };

export interface GoldenMetric {
  id: string;
  value: number | null;
  tolerance: Tolerance;
}

export interface GoldenCircle {
  components: [number, number];
  delta: number;
  role: Role;
}

export interface GoldenData {
  $schema?: string;
  description: string;
  checkpoint: Location;
  config?: Location;
  attn?: number;
  rule?: string;
  sha256: string;
  metrics: Record<string, GoldenMetric>;
  verdict: { algorithm: Algorithm; lean: Lean };
  circles?: GoldenCircle[];
}

export interface GoldenFile {
  /** The golden file's own path. */
  file: string;
  data: GoldenData;
  /** The file's text as read (update leaves a file alone when nothing would change). */
  text: string;
}

export function loadGolden(file: string): GoldenFile {
  const { value: data, text } = parseJsonObject(readInputFile(file), file);
  assertValid(compileSchema<GoldenData>('golden'), data, file);
  return { file, data, text };
}

/** The nearest directory at or above the golden file holding package.json: where `path` locations start. */
export function projectRootOf(goldenFile: string): string {
  let dir = dirname(resolve(goldenFile));
  for (;;) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return dirname(resolve(goldenFile));
    dir = up;
  }
}

export type Resolved = { path: string } | { skipped: string };

/**
 * Where a location points. Reference locations resolve against CLOCKPIZZA_REFERENCE and are
 * skipped (with the reason) when that material is absent; project paths must exist.
 */
export function resolveLocation(golden: GoldenFile, location: Location, field: string): Resolved {
  if ('reference' in location) {
    const path = inside(referenceDir(), location.reference, 'the reference material (CLOCKPIZZA_REFERENCE)', golden, `${field}/reference`);
    if (!existsSync(path)) return { skipped: `reference material absent (${path}; set CLOCKPIZZA_REFERENCE)` };
    return { path };
  }
  if ('root' in location) {
    const base = process.env[location.root];
    if (base === undefined || base === '') return { skipped: `$${location.root} is not set (the root ${field}/path is relative to)` };
    const path = inside(resolve(base), location.path, `$${location.root} (${base})`, golden, `${field}/path`);
    if (!existsSync(path)) throw new ClockpizzaError(`checkpoint not found: ${path}`, { file: golden.file, field });
    return { path };
  }
  const path = inside(projectRootOf(golden.file), location.path, 'the project', golden, `${field}/path`);
  if (!existsSync(path)) throw new ClockpizzaError(`checkpoint not found: ${path}`, { file: golden.file, field });
  return { path };
}

/** `base`/`rel`, refused when `rel` is absolute or leads outside `base` (`../../etc/passwd`). */
function inside(base: string, rel: string, what: string, golden: GoldenFile, field: string): string {
  const path = resolve(base, rel);
  if (isAbsolute(rel) || !isWithin(base, path)) throw new ClockpizzaError(`${JSON.stringify(rel)} must be a relative path inside ${what}, ${base}`, { file: golden.file, field });
  return path;
}

/** Whether `path` is `dir` or lies below it (lexically: both resolved, no symlinks followed). */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The text a golden file is written as: compact two-space JSON and a final newline (diff-friendly). */
export function serialiseGolden(data: GoldenData): string {
  return compactJson(data) + '\n';
}

/**
 * JSON with two-space indentation where values that fit on one line (within `width` columns, default 150)
 * stay on one line: one metric or circle per line reads and diffs better than one number per line.
 */
export function compactJson(value: unknown, width = 150, indent = ''): string {
  const flat = oneLine(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= width) return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + compactJson(v === undefined ? null : v, width, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, width - k.length - 4, inner)}`).join(',\n')}\n${indent}}`;
}

/** JSON on one line with a space after each comma and colon (built from the structure, never by editing text). */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => oneLine(v === undefined ? null : v)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')}}`;
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('compactJson: not JSON-serialisable');
  return text;
}
