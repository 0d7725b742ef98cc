/**
 * `--format html` without a browser: the page's data holds the true spans and their context, the page is
 * one self-contained file (no external resource, scripts allowed by their own hashes only), corpus strings
 * never appear as markup, and the bytes are deterministic. The browser tests (`test/browser/report.test.ts`)
 * check what a reader sees.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONTEXT, formatHtml, reportData } from '../../src/cli/format/html.js';
import type { ReportData } from '../../src/cli/format/html-app.js';
import { findReprints } from '../../src/index.js';
import { SEEDS, reprints, tempDir } from './helpers.js';
import { readdirSync } from 'node:fs';

const seeds = readdirSync(SEEDS)
  .sort()
  .map((name) => ({ id: name, text: readFileSync(join(SEEDS, name), 'utf8') }));
const textOf = new Map(seeds.map((d) => [d.id, d.text]));

/** The data a page carries, decoded as the page decodes it. */
function pageData(html: string): ReportData {
  const m = /<script id="reprints-data" type="application\/octet-stream">([^<]*)<\/script>/.exec(html);
  expect(m, 'the data element').not.toBeNull();
  return JSON.parse(gunzipSync(Buffer.from(m![1], 'base64')).toString('utf8')) as ReportData;
}

function slice(data: ReportData, doc: number, start: number, end: number): string {
  for (const [at, text] of data.seg[doc]) if (start >= at && end <= at + text.length) return text.slice(start - at, end - at);
  throw new Error(`span ${start}–${end} of ${data.docs[doc][0]} is not stored`);
}

describe('--format html', () => {
  it('stores every passage and pair span with its text as in the original, and CONTEXT characters around it', async () => {
    const result = await findReprints(seeds);
    const data = reportData(result, { text: (id) => textOf.get(id) });
    expect(data.summary).toMatchObject({ documents: 5, clusters: result.clusters.length, pairs: result.pairs.length });
    expect(data.clusters).toHaveLength(result.clusters.length);
    const [, docs, p, q] = data.clusters[0];
    expect(docs).toBe(new Set(result.clusters[0].passages.map((x) => x.doc)).size);
    for (let k = 0; k < p.length; k += 4) {
      const [doc, start, end] = [p[k], p[k + 1], p[k + 2]];
      const original = textOf.get(data.docs[doc][0])!;
      expect(slice(data, doc, start, end)).toBe(original.slice(start, end));
      // context on both sides, clamped to the text
      const from = Math.max(0, start - CONTEXT);
      const to = Math.min(original.length, end + CONTEXT);
      expect(slice(data, doc, from, to)).toBe(original.slice(from, to));
      expect(result.clusters[0].passages[k / 4]).toMatchObject({ doc: data.docs[doc][0], start, end });
    }
    expect(p[3]).toBe(-1); // the earliest copy has no similarity to itself
    const clusterPairs = result.pairs.filter((x) => x.cluster === data.clusters[0][0]);
    expect(q.length / 8).toBe(clusterPairs.length);
    for (let k = 0; k < q.length; k += 8) {
      expect(['verbatim', 'edited', 'reordered'][q[k + 7]]).toBe(clusterPairs[k / 8].kind);
      expect(slice(data, q[k], q[k + 1], q[k + 2])).toBe(textOf.get(data.docs[q[k]][0])!.slice(q[k + 1], q[k + 2]));
      expect(slice(data, q[k + 3], q[k + 4], q[k + 5])).toBe(textOf.get(data.docs[q[k + 3]][0])!.slice(q[k + 4], q[k + 5]));
    }
  });

  it('keeps only the stretches it shows: 002 and 004, in no cluster, are not in the page', async () => {
    const result = await findReprints(seeds);
    const data = reportData(result, { text: (id) => textOf.get(id) });
    expect(data.docs.map((d) => d[0]).sort()).toEqual(['000_9a2da25b0221ecc8.txt', '001_1b4abf1cf8d92138.txt', '003_bead3651e68e05a9.txt']);
  });

  it('lists clusters largest first', () => {
    const passage = (doc: string) => ({ doc, start: 0, end: 3, text: 'abc' });
    const docs = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, length: 3 }));
    const result = {
      documents: docs,
      clusters: [
        { id: 1, passages: [passage('a'), passage('b')] },
        { id: 2, passages: [passage('c'), passage('d'), passage('e')] },
      ],
      pairs: [],
      params: {} as never,
    };
    const data = reportData(result, { text: () => 'abc' });
    expect(data.clusters.map((c) => c[0])).toEqual([2, 1]);
  });

  it('is one self-contained page: no external resource, a CSP allowing its own scripts and style by hash', () => {
    const run = reprints(['examples/seeds', '-f', 'html']);
    expect(run.code, run.stderr).toBe(0);
    const html = run.stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/\s(src|href)=/i); // nothing loaded, nothing linked from markup
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    expect(csp).toContain("default-src 'none'");
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(2);
    for (const s of scripts) expect(csp).toContain(hash(s));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    expect(csp).toContain(hash(style));
    expect(scripts[0]).toContain('Diff'); // jsdiff, inlined
    expect(pageData(html).clusters).toHaveLength(1);
  });

  it('never writes a corpus string as markup: hostile ids and texts are inside the base64 data only', () => {
    const id = '"><img src=x onerror=alert(1)>';
    const text = `x </script><script>alert(2)</script> ${'نص مشترك '.repeat(30)}`;
    const result = {
      documents: [{ id, series: '<svg onload=alert(3)>', date: '</script>', length: text.length }],
      clusters: [{ id: 1, passages: [{ doc: id, start: 0, end: text.length, text }] }],
      pairs: [],
      params: {} as never,
    };
    const html = [...formatHtml(result, { text: () => text })].join('');
    for (const bad of ['onerror', 'alert(', '<img', '<svg']) expect(html).not.toContain(bad);
    expect(html.match(/<\/script>/g)).toHaveLength(3); // data, jsdiff, app: none from the corpus
    const data = pageData(html);
    expect(data.docs[0]).toEqual([id, '<svg onload=alert(3)>', '</script>', text.length, null]);
    expect(data.seg[0][0][1]).toBe(text);
  });

  it('writes the same bytes for the same input, and atomically with -o', () => {
    const dir = tempDir();
    const out = join(dir, 'report.html');
    const a = reprints(['examples/seeds', '-f', 'html', '-o', out]);
    expect(a.code, a.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(reprints(['examples/seeds', '-f', 'html']).stdout);
    expect(readdirSync(dir)).toEqual(['report.html']); // no temp file left
  });
});
