/**
 * Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core (its own browser
 * download cannot work offline). Where no browser is found the tests are skipped with the reason in their
 * name — never passed silently — unless `REPRINTS_REQUIRE_BROWSER=1` (CI) makes that a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

const CANDIDATES = [process.env.REPRINTS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium executable, or undefined when there is none. */
export const CHROMIUM = CANDIDATES.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));

/** Why the browser tests are skipped, for their names; '' when they run. */
export const SKIP_REASON = CHROMIUM
  ? ''
  : ` (SKIPPED: no Chromium at ${CANDIDATES.filter(Boolean).join(', ')}; apt-get install chromium, or set REPRINTS_CHROMIUM)`;

if (!CHROMIUM && process.env.REPRINTS_REQUIRE_BROWSER === '1') {
  throw new Error(`REPRINTS_REQUIRE_BROWSER=1 but no Chromium was found${SKIP_REASON}`);
}
if (!CHROMIUM) console.warn(`reprints browser tests${SKIP_REASON}`);

/** One browser for a test file, closed after it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!CHROMIUM) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    expect(browser, 'the browser started').toBeDefined();
    return browser!;
  };
}

/** Everything a page printed to its console or threw, and any dialog it tried to open. */
export interface PageLog {
  errors: string[];
  messages: string[];
  dialogs: string[];
  requests: string[];
}

/** Watch a page's console, errors, dialogs and requests. */
export function watch(page: Page): PageLog {
  const log: PageLog = { errors: [], messages: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    log.messages.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error') log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => log.requests.push(r.url()));
  return log;
}
