import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xmlProblem } from '../plot/xml-check.js';
import { hasReference, referenceCheckpoint, repoRoot } from '../reference.js';
import { buildReport, writeReport, type BuiltReport } from './build-report.js';
import { embeddedSvgs } from './embedded-svgs.js';

/**
 * The HTML report on the project's ideal Pizza fixture (always) and on Model A (when the
 * reference is present): sections, well-formed SVG, self-containment, PNG export, and, where
 * Chromium is installed, a headless browser that loads the page without errors.
 */

const FIXTURE = resolve(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors');
const MODEL_A = 'p99zdpze5l';
const CHROMIUM = '/usr/bin/chromium';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clockpizza-report-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads a page with headless Chromium; page errors reach stderr as console lines ("CONSOLE … Uncaught …"). */
function loadInChromium(file: string): { status: number | null; stderr: string; errors: string[]; dom: string } {
  const profile = mkdtempSync(join(tmpdir(), 'clockpizza-chromium-'));
  try {
    const run = spawnSync(
      CHROMIUM,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', '--dump-dom', pathToFileURL(file).href],
      { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (run.error) throw run.error;
    const errors = run.stderr.split('\n').filter((l) => /CONSOLE|Uncaught|SyntaxError|Failed to load|ERR_FILE_NOT_FOUND|net::ERR/.test(l));
    return { status: run.status, stderr: run.stderr, errors, dom: run.stdout };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** What every report must hold, whatever the checkpoint. */
function expectWellFormedReport(built: BuiltReport): void {
  const { html, audit } = built;
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  for (const id of ['verdict', 'metrics', 'circles', 'logits', 'fve']) expect(html, id).toContain(`<section id="${id}">`);
  // the metric table lists every metric with its versioned id
  for (const [key, m] of Object.entries(audit.metrics)) {
    expect(html).toContain(`<th scope="row">${key}</th>`);
    expect(html).toContain(`<code>${m.id}</code>`);
  }
  // the verdict and each of its reasons
  expect(html).toContain(`<p class="verdict ${audit.verdict.algorithm}"><strong>${audit.verdict.algorithm}</strong>`);
  for (const reason of audit.verdict.reasons) expect(html).toContain(reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  // one scatter per circle, two heat maps, the FVE bars
  const svgs = embeddedSvgs(html);
  expect(svgs).toHaveLength(audit.circles.length + 2 + (audit.circles.length > 0 ? 1 : 0));
  for (const [i, svg] of svgs.entries()) expect(xmlProblem(svg), `svg ${i}`).toBeNull();
  // self-contained: no scripts, nothing fetched (xmlns values are names, not fetches)
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/@import/);
  // ids are unique across the inlined figures
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size).toBe(ids.length);
  // every circle is drawn with its tokens labelled 0..p−1
  const p = audit.checkpoint.architecture.p;
  for (const c of audit.circles) expect(html).toContain(`PCs ${c.components.join('–')}: δ = ${c.delta}`);
  const firstScatter = svgs[0] ?? '';
  if (audit.circles.length > 0) for (const t of [0, 1, p - 1]) expect(firstScatter).toMatch(new RegExp(`>${t}</text>`));
}

describe('report of the ideal Pizza fixture', () => {
  let built: BuiltReport;
  beforeAll(async () => {
    built = await buildReport(FIXTURE);
  });

  it('has every section, valid self-contained SVG, and a pizza verdict', () => {
    expectWellFormedReport(built);
    expect(built.audit.verdict.algorithm).toBe('pizza');
    expect(built.audit.circles.length).toBeGreaterThanOrEqual(2);
    expect(built.html).toMatch(/Correct logit by a \+ b and \(a − b\)\/δ, δ = \d+/);
    // Both circle tables: PCA-paired and Fourier planes (issue 13.2).
    expect(built.html).toContain('<h3>Circles (principal components paired by δ)</h3>');
    expect(built.html).toContain('<h3>Circles as Fourier planes</h3>');
    expect(built.html).toMatch(/<table class="circles planes">[\s\S]*<td class="num">k \d+<\/td>[\s\S]*<td class="role pizza">pizza<\/td>/);
  });

  it('writes the page atomically and each figure as PNG with --png', () => {
    const out = join(dir, 'fixture.html');
    const pngs = join(dir, 'png');
    const written = writeReport(built, out, pngs);
    expect(readFileSync(out, 'utf8')).toBe(built.html);
    expect(written).toHaveLength(1 + built.figures.length);
    for (const f of built.figures) expect(readFileSync(join(pngs, `${f.name}.png`)).subarray(1, 4).toString()).toBe('PNG');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('opens in headless Chromium without errors, with every SVG in the DOM', (context) => {
    if (!existsSync(CHROMIUM)) {
      console.warn(`skipping the headless-browser report test: ${CHROMIUM} is not installed`);
      context.skip();
      return;
    }
    const out = join(dir, 'browser.html');
    writeReport(built, out);
    const page = loadInChromium(out);
    expect(page.status, page.stderr).toBe(0);
    expect(page.errors, page.stderr).toEqual([]);
    expect(page.dom).toContain('<section id="verdict">');
    expect(embeddedSvgs(page.dom)).toHaveLength(embeddedSvgs(built.html).length);
    // Negative control: the same detector sees a page's script error.
    const broken = join(dir, 'broken.html');
    writeFileSync(broken, '<!DOCTYPE html><html><body><script>throw new Error("deliberate")</script></body></html>');
    expect(loadInChromium(broken).errors.join('\n')).toMatch(/Uncaught Error: deliberate/);
  });
});

if (!hasReference()) console.warn('skipping the Model A report test: CLOCKPIZZA_REFERENCE absent');
describe.skipIf(!hasReference())('report of Model A (reference)', () => {
  it('has every section and valid SVG; six circles (three pizza, three accompanying) and a pizza verdict', async () => {
    const built = await buildReport(referenceCheckpoint(MODEL_A));
    expectWellFormedReport(built);
    expect(built.audit.verdict.algorithm).toBe('pizza');
    expect(built.audit.circles.map((c) => c.role).sort()).toEqual(['accompanying', 'accompanying', 'accompanying', 'pizza', 'pizza', 'pizza']);
    // the re-ordered map uses the first pizza circle's δ = 7 (components 1–2)
    expect(built.html).toContain('Correct logit by a + b and (a − b)/δ, δ = 7');
  });
});
