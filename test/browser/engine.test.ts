/**
 * The browser build of the engine (`dist/browser/reprints.js`, built by `npm test`'s tsup step) runs
 * `findReprints` in headless Chromium, in the page and in a module Web Worker, and gives byte for byte
 * the JSON that Node gives for the same documents.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReprints } from '../../dist/index.js';
import { ROOT, SEEDS } from '../cli/helpers.js';
import { CHROMIUM, SKIP_REASON, useBrowser, watch } from './chromium.js';

const BUNDLE = join(ROOT, 'dist', 'browser', 'reprints.js');
/** A made-up origin the test serves from memory (no network is touched). */
const ORIGIN = 'http://reprints.test';

const seeds = readdirSync(SEEDS)
  .sort()
  .map((name) => ({ id: name, text: readFileSync(join(SEEDS, name), 'utf8') }));
// Series and dates as well, so that their paths through the engine are compared too.
const documents = seeds.map((d, i) => ({ ...d, series: `outlet-${i % 3}`, date: `2024-01-0${i + 1}` }));

describe(`the engine's browser bundle in Chromium${SKIP_REASON}`, () => {
  const browser = useBrowser();

  it.skipIf(!CHROMIUM)('has no node: import and inlines the xxhash WebAssembly', () => {
    const bundle = readFileSync(BUNDLE, 'utf8');
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:/);
    expect(bundle).toContain('WebAssembly');
    expect(bundle).not.toMatch(/\bimport\s*[^("'\s]*\s*from\s*["'](?!data:)/); // no import left to resolve
  });

  it.skipIf(!CHROMIUM)('findReprints on the seeds gives Node\'s JSON byte for byte, in the page and in a Web Worker', async () => {
    const expected = JSON.stringify(await findReprints(documents));
    expect(JSON.parse(expected).clusters.length).toBeGreaterThan(0);

    const page = await browser().newPage();
    const log = watch(page);
    const bundle = readFileSync(BUNDLE, 'utf8');
    // The page loads the bundle as a module; the worker imports it through a blob URL of the same origin.
    const html = `<!doctype html><title>engine</title><script type="module">
      import { findReprints } from '/reprints.js';
      window.runInPage = async (docs) => JSON.stringify(await findReprints(docs));
      window.runInWorker = async (docs) => {
        const source = await (await fetch('/reprints.js')).text();
        const libUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        const code = "import { findReprints } from '" + libUrl + "';" +
          "self.onmessage = async (e) => { try { self.postMessage({ ok: true, json: JSON.stringify(await findReprints(e.data)) }); }" +
          " catch (err) { self.postMessage({ ok: false, error: String(err && err.stack || err) }); } };";
        const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module' });
        try {
          return await new Promise((resolve, reject) => {
            worker.onmessage = (e) => (e.data.ok ? resolve(e.data.json) : reject(new Error(e.data.error)));
            worker.onerror = (e) => reject(new Error(e.message));
            worker.postMessage(docs);
          });
        } finally {
          worker.terminate();
        }
      };
      document.documentElement.dataset.ready = '1';
    </script>`;
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/reprints.js`) return route.fulfill({ body: bundle, contentType: 'text/javascript' });
      if (url === `${ORIGIN}/`) return route.fulfill({ body: html, contentType: 'text/html' });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForSelector('html[data-ready]');
    type Run = (docs: unknown) => Promise<string>;
    const inPage = await page.evaluate((docs) => (window as unknown as { runInPage: Run }).runInPage(docs), documents);
    const inWorker = await page.evaluate((docs) => (window as unknown as { runInWorker: Run }).runInWorker(docs), documents);
    expect(inPage).toBe(expected);
    expect(inWorker).toBe(expected);
    expect(log.errors).toEqual([]);
    await page.close();
  });
});
