import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/headlessChromium';
import { ROOT } from './fakeHost';

/** Why the webview suites cannot run here, or '' when they can. */
function missingPrerequisite(): string {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} not found (run test/integration/setup.sh --webview-only, or set CHROMIUM)`;
  if (!fs.existsSync(path.join(ROOT, 'dist/webview.js')) || !fs.existsSync(path.join(ROOT, 'dist/worker.js')))
    return 'dist/ bundles missing: run npm run build';
  return '';
}

/**
 * Headless Chromium for a webview suite, from its `before` hook: the suite is skipped (and says
 * why) when Chromium or the built bundles are missing.
 */
export async function launchChromium(ctx: Mocha.Context, suite: string): Promise<Browser> {
  const missing = missingPrerequisite();
  if (missing) {
    console.log(`    SKIP ${suite}: ${missing}`);
    ctx.skip();
  }
  const { chromium } = await import('playwright-core');
  // XDG_*: keep Chromium's crash-report and dconf folders out of the home directory.
  const xdg = path.join(ROOT, '.test-tmp/chromium-home');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(xdg, 'config'), XDG_CACHE_HOME: path.join(xdg, 'cache') },
    args: CHROMIUM_ARGS,
  });
}

/** A new page whose uncaught exceptions and console errors land in `errors` (each suite's afterEach asserts it empty). */
export async function watchedPage(browser: Browser, viewport: { width: number; height: number }, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return page;
}
