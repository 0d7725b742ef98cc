/**
 * The `--format html` report as a reader sees it, in headless Chromium: the seeds' report (the cluster,
 * its copies, the differences highlighted, right-to-left text), a generated 10,000-cluster report (opens,
 * pages, filters by text, series and size to the counts computed here), filtering by kind of match,
 * hostile ids and texts that stay inert text, a phone-width layout. Screenshots go to `test-results/`
 * (git-ignored) for a person to look at.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/cli/format/html.js';
import { resolveOptions, type ReprintsResult } from '../../src/index.js';
import { ROOT, reprints, tempDir } from '../cli/helpers.js';
import { prng } from '../helpers/prng.js';
import { CHROMIUM, SKIP_REASON, useBrowser, watch, type PageLog } from './chromium.js';

const SHOTS = join(ROOT, 'test-results');
mkdirSync(SHOTS, { recursive: true });
const dir = tempDir();

async function open(page: Page, file: string, hash = ''): Promise<number> {
  const t0 = performance.now();
  await page.goto(`${pathToFileURL(file).href}${hash}`);
  await page.waitForSelector('html[data-ready]', { timeout: 30_000 });
  return performance.now() - t0;
}

function noTrouble(log: PageLog): void {
  expect(log.errors, 'console errors and uncaught exceptions').toEqual([]);
  expect(log.dialogs, 'dialogs opened').toEqual([]);
  // Only the report file itself is loaded: no network, no other file.
  expect(log.requests.filter((u) => !u.startsWith('file://') || !u.endsWith('.html'))).toEqual([]);
}

/** A generated result: `n` clusters of 2–6 copies, Arabic and Latin words, series, dates, URL ids. */
function bigResult(n: number): { result: ReprintsResult; texts: Map<string, string> } {
  const r = prng(11);
  const words = ['الرياض', 'وزير', 'الخارجية', 'السعودي', 'اجتماع', 'مجلس', 'الوزراء', 'المملكة', 'اليوم', 'أكد', 'NATO', 'Reuters', '2024', 'قال', 'مصدر'];
  const series = ['okaz', 'alriyadh', 'sabq', 'aawsat', 'alwatan', 'was'];
  const texts = new Map<string, string>();
  const documents: ReprintsResult['documents'] = [];
  const clusters: ReprintsResult['clusters'] = [];
  const pairs: ReprintsResult['pairs'] = [];
  for (let c = 1; c <= n; c++) {
    const copies = 2 + Math.floor(r() * r() * 5);
    const body: string[] = [`خبر ${c}`];
    for (let w = 0; w < 60; w++) body.push(words[Math.floor(r() * words.length)]);
    const passages: ReprintsResult['clusters'][number]['passages'] = [];
    for (let k = 0; k < copies; k++) {
      const id = `https://news.example/${c}/${k}`;
      const passage = k === 0 ? body.join(' ') : body.map((w, i) => (i === 5 + k ? 'تعديل' : w)).join(' ');
      const text = `عنوان ${c}-${k}\n${passage}\nنهاية`;
      const start = text.indexOf(passage);
      texts.set(id, text);
      documents.push({ id, series: series[(c + k) % series.length], date: `2015-07-${String(10 + k).padStart(2, '0')} 08:00:00`, length: text.length });
      passages.push({ doc: id, start, end: start + passage.length, text: passage });
      if (k > 0) {
        const a = passages[0];
        pairs.push({ a: { doc: a.doc, start: a.start, end: a.end }, b: { doc: id, start, end: start + passage.length }, similarity: 0.97, cluster: c, kind: 'edited' });
      }
    }
    clusters.push({ id: c, passages });
  }
  return { result: { documents, clusters, pairs, params: resolveOptions({}) }, texts };
}

describe(`the html report in Chromium${SKIP_REASON}`, () => {
  const browser = useBrowser();

  it.skipIf(!CHROMIUM)('seeds: the cluster, its copies earliest first, the differences highlighted, Arabic right to left', async () => {
    const file = join(dir, 'seeds.html');
    const run = reprints(['examples/seeds', '-f', 'html', '-o', file]);
    expect(run.code, run.stderr).toBe(0);
    const page = await browser().newPage({ viewport: { width: 1100, height: 900 } });
    const log = watch(page);
    await open(page, file);
    expect(await page.textContent('header')).toContain('5 documents read · 1 cluster · 5 aligned pairs');
    expect(await page.locator('#clusters li').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'seeds-list.png') });

    await page.click('#clusters li a');
    await page.waitForSelector('#pair');
    const rows = await page.locator('table.copies tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('000_9a2da25b0221ecc8.txt');
    expect(rows[0]).toContain('earliest');
    expect(rows[1]).toContain('001_1b4abf1cf8d92138.txt');
    // The statement 000 and 001 share, read right to left.
    const passage = page.locator('.passage');
    expect(await passage.textContent()).toContain('أفاد مصدر مطلع');
    expect(await passage.evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    // 000 ↔ 001: the first pair. 001 says «اليوم الجمعة» where 000 says «الأسبوع الفائت».
    const first = page.locator('.side').nth(0);
    const second = page.locator('.side').nth(1);
    expect((await first.locator('del').allTextContents()).join(' ')).toContain('الأسبوع الفائت');
    expect((await second.locator('ins').allTextContents()).join(' ')).toContain('اليوم الجمعة');
    // Each side's span is exactly its passage: unchanged text plus its own side of the differences.
    const spanA = await first.locator('.span').textContent();
    const spanB = await second.locator('.span').textContent();
    expect(spanA?.startsWith('أفاد مصدر مطلع ، الأسبوع الفائت')).toBe(true);
    expect(spanB?.startsWith('أفاد مصدر مطلع اليوم الجمعة')).toBe(true);
    expect(await first.locator('.context').first().textContent()).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'seeds-cluster.png'), fullPage: true });

    // Another pair: 003 quotes a piece.
    const options = await page.locator('#pair-select option').allTextContents();
    const quoting = options.findIndex((o) => o.includes('003_bead3651e68e05a9.txt'));
    expect(quoting).toBeGreaterThanOrEqual(0);
    await page.selectOption('#pair-select', String(quoting));
    expect(await page.locator('.side').nth(1).locator('.side-head').textContent()).toContain('003_bead3651e68e05a9.txt');

    // Any two copies: 001 beside 000 (the pair that aligns exactly these passages: 0.99), then 003's
    // two passages, which no pair joins.
    await page.selectOption('#copy-a', '1');
    await page.selectOption('#copy-b', '0');
    expect(await page.textContent('.pair-note')).toMatch(/^Similarity 0\.99, edited · 2 changed stretches/);
    expect(await page.locator('.side').nth(0).locator('.side-head').textContent()).toContain('001_1b4abf1cf8d92138.txt');
    expect(await page.locator('.side').nth(0).locator('del').allTextContents()).toContain('اليوم الجمعة');
    await page.selectOption('#copy-a', '2');
    await page.selectOption('#copy-b', '3');
    expect(await page.textContent('.pair-note')).toMatch(/^No aligned pair joins exactly these two spans · \d+ changed stretch/);

    // Back to the list.
    await page.click('a.back');
    // The list is shown again once the click has been handled (checking at once raced with it).
    await page.waitForSelector('#clusters', { state: 'visible', timeout: 5000 });
    expect(await page.isVisible('#clusters')).toBe(true);
    noTrouble(log);
    await page.close();
  });

  it.skipIf(!CHROMIUM)('bug: a report written under tsx (esbuild keepNames adds __name calls to the page script) never opened', async () => {
    const file = join(dir, 'seeds-tsx.html');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/browser/fixtures/seeds-report-tsx.ts'), file], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('__name(');
    const page = await browser().newPage();
    const log = watch(page);
    await open(page, file, '#cluster-1');
    expect(await page.locator('table.copies tbody tr').count()).toBe(4);
    noTrouble(log);
    await page.close();
  });

  it.skipIf(!CHROMIUM)('seeds at phone width: one column, nothing wider than the screen', async () => {
    const file = join(dir, 'seeds.html');
    const page = await browser().newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const log = watch(page);
    await open(page, file, '#cluster-1');
    await page.waitForSelector('#pair');
    const [scrollWidth, sides] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      Array.from(document.querySelectorAll('.side')).map((e) => e.getBoundingClientRect().left),
    ]);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    expect(sides[0]).toBe(sides[1]); // stacked, not side by side
    await page.screenshot({ path: join(SHOTS, 'seeds-phone.png'), fullPage: true });
    noTrouble(log);
    await page.close();
  });

  it.skipIf(!CHROMIUM)('a 10,000-cluster report opens, pages and filters (text, series, size) to the right counts', async () => {
    const { result, texts } = bigResult(10_000);
    const file = join(dir, 'big.html');
    writeFileSync(file, [...formatHtml(result, { text: (id) => texts.get(id) })].join(''));
    const page = await browser().newPage({ viewport: { width: 1100, height: 900 } });
    const log = watch(page);
    const ms = await open(page, file);
    console.log(`10,000-cluster report: opened in ${Math.round(ms)} ms`);
    expect(await page.locator('#clusters li').count()).toBe(50);
    expect(await page.textContent('#count')).toContain('10,000 of 10,000 clusters match');
    // Largest first.
    const sizes = result.clusters.map((c) => c.passages.length);
    const firstCard = await page.locator('#clusters li').first().textContent();
    expect(firstCard).toContain(`${Math.max(...sizes)} documents`);

    await page.click('#next');
    expect(await page.textContent('#count')).toContain('showing 51–100');

    // Text search: the cluster whose headline word is «خبر 1234» (and no other: «خبر 1234» is followed by a space).
    const expectText = result.clusters.filter((c) => c.passages[0].text.includes('خبر 1234 ')).length;
    await page.fill('#q', 'خبر 1234 ');
    await page.waitForFunction((n) => document.querySelector('#count')?.textContent?.startsWith(`${n} of`), expectText);
    expect(await page.locator('#clusters li').count()).toBe(expectText);
    expect(await page.locator('#clusters li').first().textContent()).toContain('خبر 1234');
    await page.fill('#q', '');

    // Series and size: counted here from the result.
    const seriesOf = new Map(result.documents.map((d) => [d.id, d.series]));
    const expectSeries = result.clusters.filter((c) => c.passages.some((p) => seriesOf.get(p.doc) === 'sabq') && c.passages.length >= 3).length;
    await page.selectOption('#series', 'sabq');
    await page.selectOption('#size', '3');
    await page.waitForFunction((n) => document.querySelector('#count')?.textContent?.startsWith(`${n.toLocaleString('en-US')} of`), expectSeries);
    await page.screenshot({ path: join(SHOTS, 'big-filtered.png') });

    // One cluster: the timeline of dated copies and the pair's difference.
    await page.click('#clusters li a');
    await page.waitForSelector('#pair');
    expect(await page.locator('.timeline .dot').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.side').nth(1).locator('ins').allTextContents()).toContain('تعديل');
    const link = page.locator('table.copies a.doc').first();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/news\.example\//);
    await page.screenshot({ path: join(SHOTS, 'big-cluster.png'), fullPage: true });
    noTrouble(log);
    await page.close();
  });

  it.skipIf(!CHROMIUM)('filters by kind of match: the clusters with a pair of that kind, and in a cluster only those pairs', async () => {
    const { result, texts } = bigResult(120);
    // Mixed kinds, as a reuse-mode run gives: pair k of cluster c is of kind (c + k) mod 3, every third cluster all edited.
    const kinds = ['verbatim', 'edited', 'reordered'] as const;
    const seen = new Map<number, number>();
    for (const p of result.pairs) {
      const k = (seen.get(p.cluster) ?? 0) + 1;
      seen.set(p.cluster, k);
      p.kind = p.cluster % 3 === 0 ? 'edited' : kinds[(p.cluster + k) % 3];
    }
    const file = join(dir, 'kinds.html');
    writeFileSync(file, [...formatHtml(result, { text: (id) => texts.get(id) })].join(''));
    const page = await browser().newPage({ viewport: { width: 1100, height: 900 } });
    const log = watch(page);
    await open(page, file);
    for (const [code, kind] of kinds.entries()) {
      const expected = result.clusters.filter((c) => result.pairs.some((p) => p.cluster === c.id && p.kind === kind)).length;
      expect(await page.locator(`#kind option[value="${code}"]`).textContent()).toBe(`${kind} (${expected} clusters)`);
      await page.selectOption('#kind', String(code));
      await page.waitForFunction((n) => document.querySelector('#count')?.textContent?.startsWith(`${n} of 120`), expected);
    }
    // Reordered only: every listed cluster has a reordered pair, and its pair list holds exactly those.
    await page.selectOption('#kind', '2');
    await page.waitForFunction(() => document.querySelector('#count')?.textContent?.includes('of 120'));
    const id = Number((await page.locator('#clusters li').first().getAttribute('data-cluster'))!);
    const reordered = result.pairs.filter((p) => p.cluster === id && p.kind === 'reordered');
    expect(reordered.length).toBeGreaterThan(0);
    await page.click('#clusters li a');
    await page.waitForSelector('#pair');
    const options = await page.locator('#pair-select option').allTextContents();
    expect(options).toHaveLength(reordered.length);
    for (const o of options) expect(o).toMatch(/, reordered\)$/);
    expect(await page.textContent('label[for="pair-select"]')).toBe('Aligned pair (reordered only)');
    expect(await page.textContent('.pair-note')).toMatch(/^Similarity 0\.97, reordered · /);
    await page.screenshot({ path: join(SHOTS, 'kinds-reordered.png'), fullPage: true });
    // All kinds again: the whole pair list.
    await page.click('a.back');
    await page.waitForSelector('#clusters', { state: 'visible', timeout: 5000 });
    await page.selectOption('#kind', '-1');
    await page.waitForFunction(() => document.querySelector('#count')?.textContent?.startsWith('120 of 120'));
    await page.goto(`${pathToFileURL(file).href}#cluster-${id}`);
    await page.waitForSelector('#pair');
    expect(await page.locator('#pair-select option').count()).toBe(result.pairs.filter((p) => p.cluster === id).length);
    noTrouble(log);
    await page.close();
  });

  it.skipIf(!CHROMIUM)('hostile ids, series, dates and texts are shown as text and run nothing', async () => {
    const id = '"><img src=x onerror=alert(1)>';
    const id2 = "javascript:alert('id')";
    const passage = 'نص مشترك </script><script>alert(2)</script> <b onmouseover=alert(3)>bold</b> '.repeat(4);
    const texts = new Map([
      [id, `قبل ${passage} بعد`],
      [id2, `<!-- ${passage} -->`],
    ]);
    const span = (doc: string) => {
      const start = texts.get(doc)!.indexOf(passage);
      return { doc, start, end: start + passage.length };
    };
    const result: ReprintsResult = {
      documents: [
        { id, series: '<svg onload=alert(4)>', date: '<img src=y onerror=alert(5)>', length: texts.get(id)!.length },
        { id: id2, series: '</style><script>alert(6)</script>', date: '2024', length: texts.get(id2)!.length },
      ],
      clusters: [{ id: 1, passages: [span(id), span(id2)].map((s) => ({ ...s, text: passage })) }],
      pairs: [{ a: span(id), b: span(id2), similarity: 1, cluster: 1, kind: 'verbatim' }],
      params: { ...resolveOptions({}), note: '<script>alert(7)</script>' } as ReprintsResult['params'],
    };
    const file = join(dir, 'xss.html');
    const html = [...formatHtml(result, { text: (d) => texts.get(d) })].join('');
    writeFileSync(file, html);
    const page = await browser().newPage();
    const log = watch(page);
    await open(page, file, '#cluster-1');
    await page.waitForSelector('#pair');
    await page.locator('.side').first().hover();
    expect(await page.locator('img, svg, b, iframe').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(2); // jsdiff and the report's own
    const rows = await page.locator('table.copies tbody tr').allTextContents();
    expect(rows[0]).toContain(id);
    expect(rows[0]).toContain('<img src=y onerror=alert(5)>');
    expect(rows[1]).toContain("javascript:alert('id')");
    expect(await page.locator('table.copies a').count()).toBe(0); // only http(s) ids become links
    expect(await page.textContent('.passage')).toContain('</script><script>alert(2)</script>');
    await page.click('a.back');
    await page.click('details.params summary');
    expect(await page.textContent('details.params')).toContain('<script>alert(7)</script>');
    await page.screenshot({ path: join(SHOTS, 'xss.png'), fullPage: true });
    noTrouble(log);
    await page.close();
  });
});
