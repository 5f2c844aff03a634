import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaReference } from '../../src/golden/create.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18.3 (in part): the package shipped spec/*.spec.ts but no LICENSE, and golden files got
// `$schema: https://clockpizza.dev/…`, an address that does not exist. The rest of the item
// (type declarations without TensorFlow.js's, the packaged rule named in matcher messages, a
// packed consumer typechecked strictly and running a matcher test): 18-03-packed-consumer.spec.ts.

const root = repoRoot();
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-03-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the package', () => {
  it('ships its LICENSE and bin, and no test or spec suites', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    expect(packed.status, packed.stderr).toBe(0);
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('bin/clockpizza.js');
    expect(files).toContain('spec/schemas/golden.schema.json');
    expect(files.filter((f) => /\.(spec|test)\.(ts|js)$/.test(f))).toEqual([]);
  }, 60_000);

  it('golden files name the schema the package ships, relative to the golden file', () => {
    const golden = join(dir, 'consumer/golden/model.json');
    mkdirSync(join(dir, 'consumer/golden'), { recursive: true });
    const reference = schemaReference(golden);
    expect(reference).not.toMatch(/^https?:/);
    expect(existsSync(join(dir, 'consumer/golden', reference))).toBe(true);
    expect(schemaReference(join(root, 'golden/x.json'))).toBe('../spec/schemas/golden.schema.json');
  });
});
