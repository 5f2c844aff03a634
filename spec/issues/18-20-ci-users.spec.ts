import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { parseOptions, type Command } from '../../src/cli/command.js';
import { idealPizzaProject } from '../../test/support/test-project.js';
import { xmlProblem } from '../../src/plot/xml-check.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18, "For CI users" (the unnumbered paragraph after item 19): `golden check --junit FILE`,
// and documented recipes for GitHub Actions (npm ci, a cached ~/.npm) and a SLURM job array
// running `sweep --shard`. The recipes live in the README; this test holds them to the CLI.

describe('golden check --junit', () => {
  it('writes one test case per golden file: passed, or failed with the drift table', async () => {
    const { dir, golden } = idealPizzaProject();
    const clean = join(dir, 'clean.xml');
    expect((await runCli(['golden', 'check', golden, '--junit', clean])).code).toBe(0);
    const ok = readFileSync(clean, 'utf8');
    expect(xmlProblem(ok)).toBeNull();
    expect(ok).toMatch(/<testsuites name="clockpizza golden check" tests="1" failures="0" skipped="0"/);
    expect(ok).toMatch(/<testcase classname="clockpizza.golden" name="[^"]*ideal-pizza-p59\.json"\/>/);

    const data = JSON.parse(readFileSync(golden, 'utf8'));
    data.metrics.gradientSymmetricity.value += 0.01;
    writeFileSync(golden, JSON.stringify(data));
    const drift = join(dir, 'drift.xml');
    expect((await runCli(['golden', 'check', golden, '--junit', drift])).code).toBe(1);
    const failed = readFileSync(drift, 'utf8');
    expect(xmlProblem(failed)).toBeNull();
    expect(failed).toMatch(/failures="1"/);
    expect(failed).toMatch(/<failure message="1 value\(s\) drifted beyond tolerance \(verdict now pizza\)" type="drift">[^<]*metrics\.gradientSymmetricity\.value/);
  });

  it('follows the overwrite rule and belongs to check only', async () => {
    const { dir, golden } = idealPizzaProject();
    const file = join(dir, 'j.xml');
    writeFileSync(file, 'old');
    expect((await runCli(['golden', 'check', golden, '--junit', file])).stderr).toMatch(/j\.xml: --junit: exists already/);
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect((await runCli(['golden', 'check', golden, '--junit', file, '--force'])).code).toBe(0);
    expect((await runCli(['golden', 'update', golden, '--junit', file])).stderr).toMatch(/--junit: --junit only applies to check/);
  });
});

describe('the README recipes for CI', () => {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(yaml|sh)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
  const workflow = blocks.find((b) => b.lang === 'yaml' && b.text.includes('runs-on:'))!;
  const slurm = blocks.find((b) => b.text.includes('#SBATCH --array'))!;

  it('GitHub Actions: npm ci with the npm cache, then golden check --junit', () => {
    expect(workflow.text).toMatch(/uses: actions\/setup-node@v\d+\n\s+with:\n(\s+\S.*\n)*?\s+cache: npm/);
    expect(workflow.text).toMatch(/- run: npm ci\n/);
    expect(workflow.text).toMatch(/- run: npx clockpizza golden check --junit \S+/);
    // Indentation is spaces only, every mapping line a key, every list line a dash (a YAML syntax floor).
    for (const line of workflow.text.split('\n').filter((l) => l.trim() !== '')) expect(line).toMatch(/^( {2})*(- )?[a-z-]+:( .*)?$|^( {2})*- [a-z].*$/);
  });

  it('SLURM: the array range matches the shard count', () => {
    const array = /#SBATCH --array=0-(\d+)/.exec(slurm.text)!;
    const shard = /--shard \$SLURM_ARRAY_TASK_ID\/(\d+)/.exec(slurm.text)!;
    expect(Number(array[1]) + 1).toBe(Number(shard[1]));
  });

  it('every clockpizza command in the recipes parses against its option table', async () => {
    const lines = readme
      .slice(readme.indexOf('### In CI'), readme.indexOf('## The theory as data'))
      .split('\n')
      .flatMap((l) => [...l.matchAll(/npx clockpizza ([^"\n]+)/g)].map((m) => m[1]!.trim()));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const [name, ...argv] = line.replace(/\$SLURM_ARRAY_TASK_ID/g, '0').split(/\s+/);
      const file = join(repoRoot(), 'src/cli', `${name}.ts`);
      expect(existsSync(file), `${name} is a command`).toBe(true);
      const { command } = (await import(file)) as { command: Command };
      expect(() => parseOptions(command, argv), line).not.toThrow();
    }
  });
});
