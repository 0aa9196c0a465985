/**
 * The README's first command, the way a newcomer runs it: `npm start` in this checkout (after
 * `npm ci`), nothing set up by hand. It must print the diagnosis of the sample, install what it
 * needs, and serve VS Code on the URL it prints, with the sample open in PCAP Inspector. Checks:
 * the diagnosis is printed; the URL answers; Chromium loads the workbench from it; the sample's
 * packets show in the custom editor; Ctrl-C (SIGINT) stops the server. A screenshot is written.
 * Usage (CI, after `npm ci`): tsx test/integration/npmStartCheck.ts   Prints "npm start: N passed, N failed".
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/headlessChromium';
import { ROOT } from './codeServer';

const SHOTS = path.join(ROOT, '.test-tmp/screenshots/npm-start');
const INSTALL_TIMEOUT_MS = 25 * 60 * 1000; // a first run installs Chromium, Node 24 and code-server
const results: Array<{ name: string; ok: boolean; error?: string }> = [];

function check(name: string, ok: boolean, error?: string): boolean {
  results.push({ name, ok, error });
  console.log(ok ? `  ✔ ${name}` : `  ✖ ${name}: ${error}`);
  return ok;
}

async function main(): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  console.log('npm start, as a newcomer types it (output below prefixed "| ")');
  // A shell, as a person would; its own process group, so the check can press Ctrl-C on all of it.
  const child = spawn('npm start', {
    cwd: ROOT,
    shell: true,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: process.env.PORT ?? '18080' },
  });
  let out = '';
  const echo = (d: Buffer) => {
    out += d.toString();
    for (const l of d.toString().split('\n')) if (l) console.log(`| ${l}`);
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  let url: string | undefined;
  while (!url && !gone && Date.now() < deadline) {
    url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(out)?.[1];
    await new Promise((r) => setTimeout(r, 250));
  }
  check(
    'prints the diagnosis of the sample first',
    /1\. \[ERROR\] SYN\/ACK from 10\.77\.2\.2:8080 echoes TSecr 2174718965/.test(out),
    'the founding-case finding is not in the output',
  );
  if (!check('prints a 127.0.0.1 URL once VS Code is ready', url !== undefined, gone ? 'npm start exited first' : 'no URL before the time-out'))
    return finish(child.pid!, exited);
  const answer = await fetch(url!).then(
    (r) => r.status,
    (e: Error) => e.message,
  );
  check('the URL answers', answer === 200, `got ${answer}`);
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      await page.goto(url!);
      const workbench = await page.waitForSelector('.monaco-workbench', { timeout: 90_000 }).then(
        () => true,
        () => false,
      );
      check('the page loads the VS Code workbench', workbench, 'no .monaco-workbench within 90 s');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const shown = await frame
        .locator('.status', { hasText: 'founding-tsecr.pcap · pcap' })
        .waitFor({ timeout: 90_000 })
        .then(
          () => true,
          () => false,
        );
      const binary = await page.locator('.editor-group-container', { hasText: 'not displayed in the text editor' }).count();
      check(
        'the sample opens in PCAP Inspector by itself (not as a binary file, no click needed)',
        shown && binary === 0,
        binary ? 'it opened as a binary text file' : 'the capture editor did not show the sample within 90 s',
      );
      if (shown) {
        // Rows arrive from the worker after the status line: wait for them, as a person would.
        const rows = frame.locator('.players .prow:not([hidden]):not(.pending)');
        const listed = await rows
          .nth(9)
          .waitFor({ timeout: 30_000 })
          .then(
            () => true,
            () => false,
          );
        check('its packets are listed', listed, `${await rows.count()} rows after 30 s`);
      }
      await page.screenshot({ path: path.join(SHOTS, 'npm-start.png') });
      console.log(`  (screenshot: ${path.relative(ROOT, path.join(SHOTS, 'npm-start.png'))})`);
    } finally {
      await browser.close();
    }
  } catch (e) {
    check('the browser check ran', false, (e as Error).message);
  }
  return finish(child.pid!, exited);
}

async function finish(pid: number, exited: Promise<number | null>): Promise<void> {
  try {
    process.kill(-pid, 'SIGINT');
  } catch {
    /* gone */
  }
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 20_000))]);
  check('Ctrl-C stops it', code !== 'still running', 'npm start was still running 20 s after SIGINT');
  if (code === 'still running')
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`npm start: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

void main();
