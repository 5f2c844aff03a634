import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { idealPizzaProject } from '../../test/support/test-project.js';

// Issue 18.15: a golden file whose checkpoint.path was ../../../../etc/passwd made `golden check`
// print that file's first bytes in hex. Locations now resolve only inside their base (the
// project, the reference material or a named root), and a file that is not a checkpoint is
// never echoed.

function pointAt(golden: string, location: unknown, key = 'checkpoint'): void {
  const data = JSON.parse(readFileSync(golden, 'utf8'));
  data[key] = location;
  writeFileSync(golden, JSON.stringify(data));
}

describe('golden locations stay inside their base', () => {
  const escapes: [string, unknown, RegExp][] = [
    ['a relative path out of the project', { path: '../../../../../../../../etc/passwd' }, /\/checkpoint\/path: "(\.\.\/)+etc\/passwd" must be a relative path inside the project/],
    ['an absolute path', { path: '/etc/passwd' }, /\/checkpoint\/path: "\/etc\/passwd" must be a relative path inside the project/],
    ['a reference path out of the reference material', { reference: '../../../../../../../etc/passwd' }, /\/checkpoint\/reference: .* must be a relative path inside the reference material/],
  ];
  for (const [what, location, message] of escapes) {
    it(`refuses ${what} (exit 2, nothing of the file printed)`, async () => {
      const { golden } = idealPizzaProject();
      pointAt(golden, location);
      const r = await runCli(['golden', 'check', golden]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout + r.stderr).not.toMatch(/root|72 6f 6f 74/);
    });
  }

  it('a sidecar (config) location is held to the same rule', async () => {
    const { golden } = idealPizzaProject();
    pointAt(golden, { path: '../../../../../../etc/passwd' }, 'config');
    const r = await runCli(['golden', 'check', golden]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/config\/path: .* must be a relative path inside the project/);
  });

  it('a file inside the project that is not a checkpoint is refused without echoing its bytes', async () => {
    const { dir, golden } = idealPizzaProject();
    writeFileSync(`${dir}/secret.pt`, 'root:x:0:0:root:/root:/bin/bash\n');
    pointAt(golden, { path: 'secret.pt' });
    const r = await runCli(['golden', 'check', golden]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/secret\.pt: is neither a torch \.pt zip archive nor a safetensors file/);
    expect(r.stdout + r.stderr).not.toMatch(/root:x|72 6f 6f 74/);
  });
});
