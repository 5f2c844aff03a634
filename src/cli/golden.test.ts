import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idealPizzaProject } from '../../test/support/test-project.js';
import { runCli } from '../../test/support/cli-capture.js';

function perturb(file: string, key: string, by: number): void {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  data.metrics[key].value += by;
  writeFileSync(file, JSON.stringify(data, null, 2));
}

describe('clockpizza golden', () => {
  it('check passes on an untouched copy and within tolerance', async () => {
    const golden = idealPizzaProject().golden;
    perturb(golden, 'gradientSymmetricity', 5e-5); // tolerance 1e-4
    const { code, stdout } = await runCli(['golden', 'check', golden]);
    expect(stdout).toMatch(/^ok\s+.*ideal-pizza-p59\.json \(pizza, 0 drift\(s\)\)/m);
    expect(code).toBe(0);
  });

  it('check exits 1 with a drift table when a value moves beyond tolerance', async () => {
    const golden = idealPizzaProject().golden;
    perturb(golden, 'gradientSymmetricity', 3e-4);
    perturb(golden, 'circularity', -2e-5); // tolerance 1e-5
    const { code, stdout } = await runCli(['golden', 'check', golden]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^DRIFT\s+.*ideal-pizza-p59\.json \(pizza, 2 drift\(s\)\)/m);
    expect(stdout).toMatch(/golden file\s+field\s+expected\s+actual\s+\|Δ\|\s+tolerance/);
    expect(stdout).toMatch(/metrics\.gradientSymmetricity\.value\s+\S+\s+\S+\s+3\.000e-4\s+±0\.0001/);
    expect(stdout).toMatch(/metrics\.circularity\.value\s+\S+\s+\S+\s+2\.000e-5\s+±0\.00001/);
  });

  it('update re-pins the copy, after which check passes', async () => {
    const golden = idealPizzaProject().golden;
    perturb(golden, 'distanceIrrelevance', 0.3);
    expect((await runCli(['golden', 'update', golden])).stdout).toMatch(/^updated\s+.*\(1 value\(s\) had drifted beyond tolerance\)/m);
    expect((await runCli(['golden', 'check', golden])).code).toBe(0);
  });

  it('a malformed golden file is exit 2 naming the file and field', async () => {
    const golden = idealPizzaProject().golden;
    const data = JSON.parse(readFileSync(golden, 'utf8'));
    data.metrics.circularity.tolerance = { absolute: -1 };
    writeFileSync(golden, JSON.stringify(data));
    const { code, stderr } = await runCli(['golden', 'check', golden]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${golden}: /metrics/circularity/tolerance`);
  });

  it('add pins a new golden file that then checks clean, and refuses to overwrite it', async () => {
    const golden = idealPizzaProject().golden;
    const root = resolve(golden, '../..');
    const added = join(root, 'golden', 'added.json');
    const checkpoint = join(root, 'fixtures', 'ideal-pizza-p59.safetensors');
    const { code, stdout } = await runCli(['golden', 'add', checkpoint, added, '--description', 'pinned by a test']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^added\s+.*added\.json \(pizza, 14 metrics, 2 circles\)/m);
    const data = JSON.parse(readFileSync(added, 'utf8'));
    expect(data.checkpoint).toEqual({ path: 'fixtures/ideal-pizza-p59.safetensors' });
    expect(data.description).toBe('pinned by a test');
    expect(data.metrics.circularity.tolerance).toEqual({ absolute: 1e-5 });
    expect(data.metrics.circularityFourier).toMatchObject({ id: 'circularity.fourier@1', tolerance: { absolute: 1e-6 } });
    expect((await runCli(['golden', 'check', added])).code).toBe(0);
    const again = await runCli(['golden', 'add', checkpoint, added]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${added}: exists already`);
  });

  it('rejects a missing action and --force on check', async () => {
    expect((await runCli(['golden'])).stderr).toMatch(/expected "check", "update" or "add", got nothing/);
    expect((await runCli(['golden', 'check', '--force', idealPizzaProject().golden])).code).toBe(2);
  });
});
