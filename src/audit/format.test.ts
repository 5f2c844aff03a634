import { describe, expect, it } from 'vitest';
import { formatReportsMarkdown, formatReportsText, markdownTable, textTable } from './format.js';
import { auditNetwork } from './report.js';
import { loadRules } from './rules.js';
import { specTemplates } from './templates.js';
import { ensembleNetwork } from '../../test/support/test-network.js';

const report = auditNetwork(ensembleNetwork(), { path: 'constructed.safetensors', sha256: 'a'.repeat(64), architecture: { family: 'function', p: 31 } }, { rules: loadRules(), templates: specTemplates() });

describe('report formatting', () => {
  it('aligns text tables and escapes markdown pipes', () => {
    expect(textTable(['a', 'bb'], [['xyz', '1'], ['q', '22']], ['left', 'right'])).toBe('a    bb\n---  --\nxyz   1\nq    22');
    expect(markdownTable(['k', 'v'], [['a|b', '1']], ['left', 'right'])).toBe('| k | v |\n| --- | ---: |\n| a\\|b | 1 |');
  });

  it('shows verdict, rule, metrics with ids, circles with roles and the reasons', () => {
    const text = formatReportsText([report]);
    expect(text).toContain('constructed.safetensors');
    expect(text).toContain(`verdict: ${report.verdict.algorithm} (lean ${report.verdict.lean}); rule paper (spec/rules/paper.json)`);
    expect(text).toMatch(/gradientSymmetricity\s+\S+\s+gradientSymmetricity@ref/);
    expect(text).toMatch(/3-4\s+.*accompanying of 1-2/);
    expect(text).toContain('ensemble: yes; mixed ensemble: yes');
    for (const reason of report.verdict.reasons) expect(text).toContain(reason);
  });

  it('renders one markdown row per checkpoint and a circle table each', () => {
    const md = formatReportsMarkdown([report, report]);
    const rows = md.split('\n').filter((l) => l.startsWith('| `constructed.safetensors`'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(`**${report.verdict.algorithm}**`);
    expect(md).toContain('δ10 pizza, δ5 accompanying, δ14 clock');
    expect(md.match(/^### /gm)).toHaveLength(2);
  });
});
