/**
 * `--format html`: one self-contained page to read the result in a browser — no network, works from
 * `file://`. The page holds its CSS, jsdiff (`diff`, inlined from its browser build) and its script
 * (`html-app.ts`), and the result's data gzip-compressed and base64-encoded (base64 cannot close a script
 * element, and Arabic news text shrinks about fourfold). A Content-Security-Policy with the hashes of the
 * page's own scripts and style refuses any other script, inline handler or network fetch, as a second wall
 * behind rendering every corpus string with `textContent`.
 *
 * The data keeps, per document in a cluster, only the stretches of its text the page shows: every span
 * and `CONTEXT` characters around it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseDate } from '../../index.js';
import type { MatchKind, ReprintsResult, Span } from '../../index.js';
import { documentsById, pairsByCluster } from './documents.js';
import { reportApp, type ReportData } from './html-app.js';
import { copySimilarity, pairsByDocument } from './text.js';

/** Kinds of match as the page's data codes them (the page's KINDS, in the same order). */
const KIND_CODES: Record<MatchKind, number> = { verbatim: 0, edited: 1, reordered: 2 };

/** Characters of context kept and shown on either side of a span. */
export const CONTEXT = 200;

/** What the HTML format needs besides the result. */
export interface HtmlOptions {
  /** The original text of a document, by id (the result holds only the passages). */
  text: (id: string) => string | undefined;
}

/** A cut position moved off the middle of a surrogate pair. */
function safe(text: string, at: number, down: boolean): number {
  const c = text.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff ? (down ? at - 1 : at + 1) : at;
}

/** Merge intervals `[start, end]` (sorted in place) into disjoint ones. */
function merge(intervals: Array<[number, number]>): Array<[number, number]> {
  intervals.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of intervals) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * The page's data (see `ReportData` for the layout).
 * @param result the engine's result
 * @param options where to read each document's original text
 */
export function reportData(result: ReprintsResult, options: HtmlOptions): ReportData {
  const info = documentsById(result);
  const pairs = pairsByCluster(result);
  const index = new Map<string, number>();
  const docs: ReportData['docs'] = [];
  const spans: Array<Array<[number, number]>> = [];
  const docIndex = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = docs.length;
      index.set(id, i);
      const d = info.get(id);
      const at = d?.date === undefined ? Number.NaN : parseDate(d.date);
      docs.push([id, d?.series ?? '', d?.date ?? '', d?.length ?? 0, Number.isNaN(at) ? null : at]);
      spans.push([]);
    }
    return i;
  };
  const keep = (s: Span): number => {
    const i = docIndex(s.doc);
    spans[i].push([s.start, s.end]);
    return i;
  };

  const order = result.clusters
    .map((c, at) => ({ c, at, docs: new Set(c.passages.map((p) => p.doc)).size }))
    .sort((x, y) => y.docs - x.docs || y.c.passages.length - x.c.passages.length || x.at - y.at);
  const clusters: ReportData['clusters'] = order.map(({ c, docs: nDocs }) => {
    const clusterPairs = pairs.get(c.id) ?? [];
    const byDoc = pairsByDocument(clusterPairs);
    const first = c.passages[0];
    const p: number[] = [];
    c.passages.forEach((passage, k) => {
      const s = k === 0 ? undefined : copySimilarity(passage, first, byDoc.get(passage.doc) ?? []);
      p.push(keep(passage), passage.start, passage.end, s === undefined ? -1 : Math.round(s * 1000));
    });
    const q: number[] = [];
    for (const pair of clusterPairs) {
      q.push(keep(pair.a), pair.a.start, pair.a.end, keep(pair.b), pair.b.start, pair.b.end, Math.round(pair.similarity * 1000), KIND_CODES[pair.kind]);
    }
    return [c.id, nDocs, p, q];
  });

  const seg: ReportData['seg'] = docs.map(([id, , , length], i) => {
    const text = options.text(id) ?? '';
    const wanted = spans[i].map(([s, e]): [number, number] => [Math.max(0, s - CONTEXT), Math.min(length, text.length, e + CONTEXT)]);
    return merge(wanted).map(([s, e]): [number, string] => {
      const from = safe(text, s, true);
      const to = safe(text, e, false);
      return [from, text.slice(from, to)];
    });
  });
  const series = [...new Set(docs.map((d) => d[1]).filter((x) => x !== ''))].sort();
  const { normalization, ...flat } = result.params;
  const params: Record<string, unknown> = { ...flat };
  const off = Object.entries(normalization ?? {}).filter(([, on]) => !on).map(([rule]) => rule);
  params.normalization = off.length === 0 ? 'all rules on' : `off: ${off.join(', ')}`;
  return {
    v: 1,
    summary: { documents: result.documents.length, clusters: result.clusters.length, pairs: result.pairs.length, documentsInClusters: docs.length, params },
    docs,
    seg,
    series,
    clusters,
    context: CONTEXT,
  };
}

const CSS = `
:root{color-scheme:light dark;--fg:#1d2330;--muted:#667085;--bg:#fff;--card:#f6f7f9;--line:#d9dde3;--accent:#1f5fbf;--ins:#c9f2d0;--del:#ffd6d6}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8ec;--muted:#9aa3b2;--bg:#16181d;--card:#20232a;--line:#343943;--accent:#7fb0ff;--ins:#1f5131;--del:#6b2828}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic",Tahoma,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em}h3{font-size:1.05em;margin:1.4em 0 .5em}
a{color:var(--accent)}
.overview{color:var(--muted);margin:.2em 0}
.params table{border-collapse:collapse;font-size:.9em}.params th,.params td{text-align:left;padding:2px 10px 2px 0}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0 6px}
.filters input{flex:1 1 260px;min-width:0}
input,select,button{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);max-width:100%}
button:disabled{opacity:.45}
.count{color:var(--muted);margin:4px 0}
ol.clusters{list-style:none;padding:0;margin:0}
ol.clusters li{margin:8px 0}
a.card{display:block;padding:10px 12px;border:1px solid var(--line);border-radius:8px;background:var(--card);color:inherit;text-decoration:none}
a.card:hover,a.card:focus{border-color:var(--accent)}
.card-head{display:block}
.chips{display:block;margin:3px 0}
.series{display:inline-block;padding:0 7px;margin:1px 4px 1px 0;border-radius:10px;background:var(--line);font-size:.85em}
.more{font-size:.85em;color:var(--muted)}
.excerpt{display:block;color:var(--muted);unicode-bidi:plaintext}
.pager{display:flex;gap:12px;align-items:center;justify-content:center;margin:16px 0}
.table-wrap{overflow-x:auto}
table.copies{border-collapse:collapse;width:100%;font-size:.92em}
table.copies th,table.copies td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:start;vertical-align:top}
.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.id-cell{overflow-wrap:anywhere;max-width:40em}
.doc{overflow-wrap:anywhere}
.date{white-space:nowrap}.date.none{color:var(--muted)}
.text{white-space:pre-wrap;unicode-bidi:plaintext;overflow-wrap:anywhere;padding:10px 12px;border:1px solid var(--line);border-radius:8px;background:var(--card);line-height:1.75}
.passage{font-size:1.05em;max-height:16em;overflow:auto}
.context,.ellipsis{color:var(--muted)}
.span{background:rgba(120,140,255,.10)}
ins{background:var(--ins);text-decoration:none}
del{background:var(--del);text-decoration:line-through;text-decoration-color:rgba(0,0,0,.35)}
.pair-note ins,.pair-note del{padding:0 4px;border-radius:3px}
.pair-pick{margin:6px 0}.pair-pick label{display:block;font-size:.88em;color:var(--muted)}.pair-pick select{width:100%}
.copy-picks{display:flex;gap:8px;align-items:center}.copy-picks select{flex:1 1 0;min-width:0}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.side-head{font-size:.88em;margin:6px 0;overflow-wrap:anywhere}
.range{color:var(--muted)}
.timeline-box{margin:8px 6px 12px}
.timeline{position:relative;height:18px;border-bottom:2px solid var(--line)}
.dot{position:absolute;bottom:-7px;width:12px;height:12px;margin-left:-6px;border-radius:50%;background:var(--accent);opacity:.6}
.dot.first{opacity:1;outline:2px solid var(--fg)}
.timeline-box figcaption{display:flex;justify-content:space-between;font-size:.85em;color:var(--muted)}
@media (max-width:700px){main{padding:10px}.sides{grid-template-columns:1fr}table.copies thead{display:none}table.copies tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}table.copies td{display:inline-block;border:0;padding:1px 10px 1px 0}table.copies td.id-cell{display:block;max-width:none}}
`;

/** Base64 SHA-256 of a script or style, for the Content-Security-Policy. */
function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** jsdiff's browser build (it sets `window.Diff`), read from the installed `diff` package. */
let diffSource: string | undefined;
function jsdiffSource(): string {
  if (diffSource === undefined) {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve('diff/package.json')), 'dist', 'diff.min.js');
    diffSource = inlineScript(readFileSync(file, 'utf8'), file);
  }
  return diffSource;
}

/** A script's source, checked to be safe inside a `<script>` element. */
function inlineScript(source: string, name: string): string {
  if (/<\/script|<!--/i.test(source)) throw new Error(`${name} holds "</script" or "<!--" and cannot be inlined in a page`);
  return source;
}

/** The page's loader: decode and inflate the data, then run the app. */
function loaderScript(): string {
  return inlineScript(
    `(async () => {
  // A build that keeps function names (esbuild keepNames, as tsx runs) calls its __name helper inside
  // reportApp's source; the page has no such helper, so it gets one that does nothing.
  const __name = (target) => target;
  const reportApp = ${reportApp.toString()};
  const box = document.getElementById('reprints-data');
  try {
    const b64 = box.textContent.trim();
    let bytes;
    if (typeof Uint8Array.fromBase64 === 'function') bytes = Uint8Array.fromBase64(b64);
    else {
      const bin = atob(b64);
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    performance.mark('reprints:decoded');
    const json = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    performance.mark('reprints:inflated');
    box.remove();
    const data = JSON.parse(json);
    performance.mark('reprints:parsed');
    reportApp(data, window.Diff);
    performance.mark('reprints:shown');
  } catch (e) {
    const p = document.createElement('p');
    p.textContent = 'This report could not be opened in this browser: ' + (e && e.message ? e.message : String(e));
    document.body.append(p);
    throw e;
  }
})();`,
    'the report script',
  );
}

/**
 * The report as one HTML page. Deterministic: the same result and texts give the same bytes.
 * @param result the engine's result
 * @param options where to read each document's original text
 */
export function* formatHtml(result: ReprintsResult, options: HtmlOptions): Iterable<string> {
  const data = gzipSync(JSON.stringify(reportData(result, options))).toString('base64');
  const diff = jsdiffSource();
  const app = loaderScript();
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(diff)} ${cspHash(app)}`,
    `style-src ${cspHash(CSS)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const n = result.clusters.length;
  yield `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Reprints report: ${n} cluster${n === 1 ? '' : 's'}</title>
<style>${CSS}</style>
</head>
<body>
<noscript><p>This report needs JavaScript. The same result as data: reprints --format json.</p></noscript>
<script id="reprints-data" type="application/octet-stream">`;
  for (let i = 0; i < data.length; i += 1 << 20) yield data.slice(i, i + (1 << 20));
  yield `</script>
<script>${diff}</script>
<script>${app}</script>
</body>
</html>
`;
}
