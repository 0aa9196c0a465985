/**
 * The integration suite in a real VS Code: code-server (VS Code's server + web workbench, from npm)
 * on 127.0.0.1, driven by Playwright + Debian Chromium. Two parts, one code-server:
 *   1. UI: the packaged .vsix installed like a user would, the founding-case capture opened from the
 *      Explorer, rows / detail tree / filter / a large capture scrolled, screenshots written.
 *   2. The mocha suite in test/integration/suite run *inside the extension host* (payload
 *      extensionDevelopmentPath/extensionTestsPath; VS Code calls codeAutomationExit when it ends).
 * Prerequisites come from test/integration/setup.sh; without them the suite is skipped, with the reason.
 * Usage: npm run test:integration      Env: E2E_HOME (default .e2e), CHROMIUM, KEEP=1 (leave code-server up)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { Profile } from './codeServer';
import {
  BIG_COPIES,
  CS_ENTRY,
  E2E,
  NODE24,
  ROOT,
  launchChromium,
  bundleSuite,
  missingPrerequisite,
  prepareProfile,
  prepareWorkspace,
  profileArgs,
  runSuiteInExtensionHost,
  startCodeServer,
  xdgEnv,
} from './codeServer';
import { pickTheme } from './colorTheme';
import { graphsUiSteps } from './graphsUi';
import { problemsUiSteps } from './problemsUi';
import { statsUiSteps } from './statsUi';

const RUN = path.join(E2E, 'run');
const WS = path.join(RUN, 'workspace');
const PROFILE: Profile = { userData: path.join(RUN, 'user-data'), extensions: path.join(RUN, 'extensions') };
export const SHOTS = path.join(ROOT, '.test-tmp/screenshots/integration');

const results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = [];
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(`[integration +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function skip(reason: string): never {
  console.log(`SKIP integration suite: ${reason}`);
  console.log('integration: 0 passed, 0 failed, 1 skipped');
  process.exit(0);
}

let failurePage: Page | undefined;

async function step(name: string, fn: () => Promise<void>): Promise<boolean> {
  const s = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - s });
    console.log(`  ✔ ${name} (${Date.now() - s} ms)`);
    return true;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    results.push({ name, ok: false, ms: Date.now() - s, error });
    console.log(`  ✖ ${name}: ${error}`);
    const shot = path.join(SHOTS, `failure-${results.length}.png`);
    if (failurePage)
      await failurePage.screenshot({ path: shot }).then(
        () => console.log(`    (screenshot: ${path.relative(ROOT, shot)})`),
        () => {},
      );
    return false;
  }
}

function prepare(): string {
  const missing = missingPrerequisite();
  if (missing) skip(missing);
  fs.rmSync(RUN, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  prepareProfile(PROFILE);
  prepareWorkspace(WS);
  return path.join(RUN, 'pcap-inspector.vsix');
}

/** The editor's page inside the workbench: iframe.webview (host) > #active-frame (our HTML). */
function editorFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

const SHOWN = '.players .prow:not([hidden]):not(.pending)';

/**
 * Opens a file from the Explorer. Right after the window loads, the remote extension host may not
 * have registered the extension's contributions yet, and VS Code opens its binary-file placeholder
 * instead of the custom editor (the recipe's "wait for activation" pitfall). The extension moves it to
 * the capture editor once active; if it has not after a while, close it and retry. (Closing it at
 * once raced with that move: the command palette lost its rows to the editor taking focus.)
 */
async function openFromExplorer(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60000 });
  const deadline = Date.now() + 60000;
  for (;;) {
    log(`clicking ${name}`);
    await row.click();
    const binary = page.locator('.editor-group-container.active', { hasText: 'not displayed in the text editor' });
    const webview = page.locator('.editor-group-container.active iframe.webview, iframe.webview.ready');
    const which = await Promise.race([
      binary.waitFor({ timeout: 30000 }).then(() => 'text'),
      webview
        .first()
        .waitFor({ timeout: 30000, state: 'attached' })
        .then(() => 'custom'),
    ]).catch(() => 'none');
    if (which === 'custom') {
      log(`${name}: custom editor attached`);
      return;
    }
    if (which === 'none') throw new Error(`${name}: neither the custom editor nor the text editor appeared`);
    // The extension, once active, moves a capture opened as text to its editor (reopenCapturesAsCaptures.ts).
    log(`${name} opened as a binary text file (extension host not ready yet): waiting for the extension to move it`);
    const moved = await webview
      .first()
      .waitFor({ timeout: 30000, state: 'attached' })
      .then(() => true)
      .catch(() => false);
    if (moved) {
      log(`${name}: moved to the custom editor`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`${name} did not open in the custom editor`);
    log(`${name}: still the text editor; closing it and clicking again`);
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await page.keyboard.type('View: Close Editor');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'View: Close Editor' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
  }
}

async function uiTests(url: string): Promise<void> {
  const ctx = await launchChromium(RUN);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  failurePage = page;
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  try {
    await step('workbench loads with the packaged extension installed', async () => {
      await page.goto(`${url}/?folder=${encodeURIComponent(WS)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'founding-tsecr.pcap' }).waitFor({ timeout: 60000 });
    });
    const frame = editorFrame(page);
    const opened = await step('opening founding-tsecr.pcap from the Explorer shows its packets in the custom editor', async () => {
      await openFromExplorer(page, 'founding-tsecr.pcap');
      await frame.locator('.status', { hasText: 'founding-tsecr.pcap · pcap' }).waitFor({ timeout: 60000 });
      if (!/ 22 packets/.test((await frame.locator('.status').textContent()) ?? '')) throw new Error('status does not say 22 packets');
      await frame.locator(SHOWN).nth(9).waitFor({ timeout: 20000 });
      const first = await frame.locator(`${SHOWN} .num`).first().textContent();
      if (first !== '1') throw new Error(`first row is ${first}`);
      const synAck = (await frame.locator(`${SHOWN}[data-pos="3"]`).textContent()) ?? '';
      if (!/\[SYN, ACK\].*TSecr=2174718965/.test(synAck)) throw new Error(`row 4 reads ${JSON.stringify(synAck)}`);
      await page.screenshot({ path: path.join(SHOTS, '01-editor-table.png') });
    });
    if (opened) {
      await step('selecting a packet shows its detail tree and highlights its bytes', async () => {
        await frame.locator(`${SHOWN}[data-pos="3"]`).click();
        await frame.locator('.tree-line[data-field="tcp"]').click();
        await frame.locator('.tree-line[data-field="tcp"]').dblclick();
        await frame.locator('.tree-line[data-field="tcp.options"]').dblclick();
        const hl = await frame.locator('.hex-b.hl').count();
        if (hl !== 20) throw new Error(`expected the 20 option bytes highlighted, saw ${hl}`);
        const text = (await frame.locator('.tree').textContent()) ?? '';
        if (!text.includes('Transmission Control Protocol, Src Port: 8080')) throw new Error('TCP layer missing in the tree');
        await page.screenshot({ path: path.join(SHOTS, '02-detail-and-hex.png') });
      });
      await step('a display filter narrows the table (evaluated in the worker)', async () => {
        const input = frame.locator('vscode-textfield.filter-input input');
        await input.fill('tcp.flags.reset == 1 || arp');
        await input.press('Enter');
        await frame.locator('.status', { hasText: 'Displayed: 10' }).waitFor({ timeout: 20000 });
        await page.screenshot({ path: path.join(SHOTS, '03-filtered.png') });
        await input.fill('tcp.port == 80 &&');
        await input.press('Enter');
        await frame.locator('.filter-error', { hasText: 'Expected a field name' }).waitFor({ timeout: 20000 });
        await page.screenshot({ path: path.join(SHOTS, '04-filter-error.png') });
        await input.press('Escape');
      });
      await step('the Flows tab lists the conversation; selecting it filters to its stream and draws its diagram', async () => {
        await frame.locator('vscode-tab-header', { hasText: 'Flows' }).click();
        const row = frame.locator('.flows-list tbody tr[data-stream="tcp:0"]');
        await row.click({ timeout: 20000 });
        if (!/RSTO.*handshake-reset-by-client/.test((await row.textContent()) ?? '')) throw new Error(`flow row reads ${await row.textContent()}`);
        await frame.locator('.status', { hasText: 'Displayed: 18' }).waitFor({ timeout: 20000 });
        await frame.locator('.analysis-pane .ladder .arow-g').nth(17).waitFor({ timeout: 20000 });
        await page.screenshot({ path: path.join(SHOTS, '05-flows-diagram.png') });
      });
      await step('the Findings tab shows the TSecr finding first; its diagram marks the bad TSecr and explains it', async () => {
        await frame.locator('vscode-tab-header', { hasText: 'Findings' }).click();
        const first = frame.locator('.findings-list .finding').first();
        await first.waitFor({ timeout: 20000 });
        if ((await first.getAttribute('data-rule')) !== 'tcp.handshake.tsecr-mismatch')
          throw new Error(`first finding is ${await first.getAttribute('data-rule')}`);
        await first.locator('.finding-line').click();
        await first.locator('.finding-body .fixes', { hasText: 'net.ipv4.tcp_timestamps' }).waitFor({ timeout: 10000 });
        const bad = frame.locator('.analysis-pane:has(.findings-list) .arow-g[data-frame="4"] .tok.warn', { hasText: 'TSecr=2174718965' });
        await bad.waitFor({ timeout: 20000 });
        if (!/does not echo the SYN's TSval 340731516 \(frame 3\)/.test((await bad.getAttribute('data-tip')) ?? ''))
          throw new Error('the bad TSecr is not explained');
        await page.screenshot({ path: path.join(SHOTS, '07-findings-diagram.png') });
        await bad.hover();
        await frame.locator('.tip', { hasText: 'does not echo the SYN' }).waitFor({ state: 'visible', timeout: 10000 });
        await page.screenshot({ path: path.join(SHOTS, '08-diagram-tooltip.png') });
        // An evidence frame: the Packets tab on that packet, its stream's diagram beside the table.
        await first.locator('.frame-link', { hasText: '5' }).click();
        await frame.locator('.prow.selected .num', { hasText: '5' }).waitFor({ timeout: 20000 });
        await frame.locator('.side-pane .arow-g.selected[data-frame="5"]').waitFor({ timeout: 20000 });
        await page.screenshot({ path: path.join(SHOTS, '09-packets-and-diagram.png') });
        const input = frame.locator('vscode-textfield.filter-input input');
        await input.fill('');
        await input.press('Enter');
      });
      await step("Ctrl+G in the capture editor opens its go-to-packet box, not VS Code's Go to Line", async () => {
        await frame.locator('vscode-tab-header', { hasText: 'Packets' }).click();
        await frame.locator(`${SHOWN}[data-pos="1"]`).click();
        await page.keyboard.press('Control+g');
        await frame.locator('vscode-textfield.goto').waitFor({ state: 'visible', timeout: 10000 });
        await page.waitForTimeout(1000); // the keybinding's command runs in the extension host and answers the page
        if (await page.locator('.quick-input-widget').isVisible())
          throw new Error(
            `VS Code's quick input opened (${await page.locator('.quick-input-widget input').first().getAttribute('aria-label')}): Go to Line took the key`,
          );
        await page.keyboard.type('15');
        await page.keyboard.press('Enter');
        await frame.locator('.prow.selected .num', { hasText: '15' }).waitFor({ timeout: 10000 });
        await page.screenshot({ path: path.join(SHOTS, '10-goto-packet.png') });
      });
      await step("the Findings tab's fixes act through VS Code: Copy copies, the sysctl fix asks for a file, a link asks to open the website", async () => {
        await frame.locator('vscode-tab-header', { hasText: 'Findings' }).click();
        const first = frame.locator('.findings-list .finding').first();
        if (!(await first.locator('.finding-body').isVisible())) await first.locator('.finding-line').click();
        await first.locator('.fix-command', { hasText: 'Apply now' }).locator('vscode-button', { hasText: 'Copy' }).click();
        const clipboard = () =>
          page
            .evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())
            .catch((e: unknown) => `(unreadable: ${String(e)})`);
        let copied = '';
        for (let k = 0; k < 50 && copied !== 'sudo sysctl -w net.ipv4.tcp_timestamps=0'; k++) {
          await page.waitForTimeout(200);
          copied = await clipboard();
        }
        if (copied !== 'sudo sysctl -w net.ipv4.tcp_timestamps=0') throw new Error(`the clipboard holds ${JSON.stringify(copied)}`);
        await page.screenshot({ path: path.join(SHOTS, '11-finding-copy.png') });
        await first.locator('.fix-sysctl vscode-button', { hasText: 'Add to a sysctl file' }).click();
        await page.locator('.quick-input-widget', { hasText: 'net.ipv4.tcp_timestamps = 0' }).waitFor({ state: 'visible', timeout: 10000 });
        await page.screenshot({ path: path.join(SHOTS, '12-finding-sysctl-pick.png') });
        await page.keyboard.press('Escape');
        await first.locator('.fix-doc button.link', { hasText: 'RFC 7323' }).click();
        const dialog = page.locator('.monaco-dialog-box', { hasText: 'rfc-editor.org' });
        const popup = ctx.waitForEvent('page', { timeout: 10000 }).then((p) => p.url());
        const opened = await Promise.race([dialog.waitFor({ timeout: 10000 }).then(() => 'dialog'), popup]);
        if (opened === 'dialog') {
          await page.screenshot({ path: path.join(SHOTS, '13-finding-open-link.png') });
          await page.keyboard.press('Escape');
        } else if (!/rfc-editor\.org/.test(opened)) throw new Error(`opened ${opened}`);
      });
      await problemsUiSteps(page, step, SHOTS);
      await step('Ctrl+Alt+Shift+T and the context menu follow the HTTP stream; the table is filtered to it (light and dark themes)', async () => {
        await openFromExplorer(page, 'http-ipv4.pcap.gz');
        const http = editorFrame(page);
        await http.locator('.status', { hasText: 'http-ipv4.pcap.gz' }).waitFor({ timeout: 60000 });
        await http.locator(SHOWN, { hasText: 'GET /big' }).first().click({ timeout: 20000 });
        await page.keyboard.press('Control+Alt+Shift+T');
        await http.locator('.fline.client', { hasText: 'GET /big HTTP/1.1' }).waitFor({ timeout: 20000 });
        await http.locator('.fline.server', { hasText: 'HTTP/1.1 200 OK' }).first().waitFor({ timeout: 20000 });
        const filter = await http.locator('vscode-textfield.filter-input').evaluate((e) => (e as unknown as { value: string }).value);
        if (filter !== 'tcp.stream eq 0') throw new Error(`the filter is ${JSON.stringify(filter)}`);
        await http.locator('.status', { hasText: 'Displayed: 47' }).waitFor({ timeout: 20000 });
        const status = (await http.locator('.follow-status').textContent()) ?? '';
        if (!/^Stream 0: 3 client pkts, 255 bytes; \d+ server pkts, 21,273 bytes$/.test(status)) throw new Error(`the Follow status reads ${status}`);
        await page.screenshot({ path: path.join(SHOTS, '14-follow-light.png') });
        // The packet table's context menu, in the real webview: Follow TCP Stream in hex.
        await http.locator('vscode-tab-header', { hasText: 'Packets' }).click();
        await http.locator(SHOWN, { hasText: 'HTTP/1.1 200 OK' }).first().click({ button: 'right' });
        await http.locator('.context-menu .context-item', { hasText: 'Follow TCP Stream' }).click();
        await http.locator('.follow-format').evaluate((e) => {
          (e as unknown as { value: string }).value = 'hex';
          e.dispatchEvent(new Event('change'));
        });
        await http.locator('.fline.client', { hasText: '00000000  47 45 54 20 2f 62 69 67' }).waitFor({ timeout: 20000 });
        // Dark theme through the Command Palette's color theme picker, then back to the default light one.
        await pickTheme(page, 'Dark Modern');
        await http.locator('.fline.client').first().waitFor({ timeout: 20000 });
        await page.screenshot({ path: path.join(SHOTS, '15-follow-dark.png') });
        await pickTheme(page, 'Light Modern');
      });
      await step("the packet table's context menu opens the TCP stream graph of the packet's stream, drawn in the theme's colours", async () => {
        const http = editorFrame(page);
        await http.locator('vscode-tab-header', { hasText: 'Packets' }).click();
        await http.locator(SHOWN, { hasText: 'HTTP/1.1 200 OK' }).first().click({ button: 'right' });
        await http.locator('.context-menu .context-item', { hasText: 'TCP Stream Graph' }).click();
        const segments = http.locator('.tcp-graph [data-series="segments"]');
        await segments.waitFor({ timeout: 20000 });
        const points = Number(await segments.getAttribute('data-points'));
        if (!(points > 10)) throw new Error(`the graph has ${points} segments`);
        const title = (await http.locator('.tcp-graph .chart-subtitle').textContent()) ?? '';
        if (!/^TCP stream 0: .* \(server → client\)$/.test(title)) throw new Error(`the graph's subtitle reads ${title}`);
        // The series colour is the theme's charts.blue, resolved (an exported SVG carries no CSS variables).
        const stroke = (await segments.locator('path').getAttribute('stroke')) ?? '';
        if (!/^(#|rgb)/.test(stroke)) throw new Error(`the segments are stroked ${JSON.stringify(stroke)}`);
        await page.screenshot({ path: path.join(SHOTS, '16-tcp-stream-graph.png') });
      });
      await step("the HTTP tab from a packet's context menu shows an exchange's body gzip-decoded and de-chunked", async () => {
        // Copied in now, not with the workspace: the Problems steps above count the workspace's captures.
        fs.copyFileSync(path.join(ROOT, 'test/fixtures/http-objects.pcap'), path.join(WS, 'http-objects.pcap'));
        await openFromExplorer(page, 'http-objects.pcap');
        const objects = editorFrame(page);
        await objects.locator('.status', { hasText: 'http-objects.pcap' }).waitFor({ timeout: 60000 });
        await objects.locator(SHOWN, { hasText: 'GET /app.js' }).first().click({ button: 'right', timeout: 20000 });
        await objects.locator('.context-menu .context-item', { hasText: 'Show HTTP Exchanges' }).click();
        await objects.locator('.http-table tr[data-exchange="1"]', { hasText: 'GET /app.js' }).click({ timeout: 20000 });
        // /app.js went out gzip-coded in chunks (test/fixtures/tools/http_objects_server.mjs).
        await objects.locator('.http-coding').waitFor({ timeout: 20000 });
        await objects.locator('.http-body pre.http-text', { hasText: 'app.js // line 0119: the quick brown fox' }).waitFor({ timeout: 20000 });
        const info = (await objects.locator('.http-body-info').textContent()) ?? '';
        if (!/ bytes decoded$/.test(info)) throw new Error(`the body line reads ${info}`);
        await objects.locator('.http-table tr[data-exchange="4"]').click();
        await objects.locator('.http-body img.http-image').waitFor({ timeout: 20000 });
        await page.screenshot({ path: path.join(SHOTS, '17-http-tab.png') });
        await objects.locator('.http-table tr[data-exchange="1"]').click();
        await objects.locator('.http-body pre.http-text', { hasText: 'app.js // line 0000' }).waitFor({ timeout: 20000 });
      });
      await statsUiSteps(page, step, SHOTS, async () => {
        await openFromExplorer(page, 'http-ipv4.pcap.gz');
        return editorFrame(page);
      });
      await graphsUiSteps(page, step, SHOTS, async () => {
        // Copied in now, not with the workspace: the Problems steps above count the workspace's captures.
        fs.copyFileSync(path.join(ROOT, 'test/fixtures/loss-zero-window.pcap'), path.join(WS, 'loss-zero-window.pcap'));
        await openFromExplorer(page, 'loss-zero-window.pcap');
        const frame = editorFrame(page);
        await frame.locator('.status', { hasText: 'loss-zero-window.pcap' }).waitFor({ timeout: 60000 });
        return frame;
      });
    }
    await step(`a ${BIG_COPIES * 22}-packet capture opens and End scrolls to its last packet`, async () => {
      await openFromExplorer(page, 'big-founding.pcap');
      const big = editorFrame(page);
      await big.locator('.status', { hasText: `${BIG_COPIES * 22} packets` }).waitFor({ timeout: 60000 });
      await big.locator(SHOWN).first().click();
      await big.locator('.ptable').press('End');
      await big.locator('.prow.selected .num', { hasText: String(BIG_COPIES * 22) }).waitFor({ timeout: 20000 });
      const inView = await big.locator('.prow.selected').evaluate((row) => {
        const r = row.getBoundingClientRect(),
          box = row.closest('.pscroll')!.getBoundingClientRect();
        return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
      });
      if (!inView) throw new Error('the last row is selected but not on screen');
      await page.screenshot({ path: path.join(SHOTS, '06-large-capture-end.png') });
    });
  } finally {
    fs.writeFileSync(path.join(RUN, 'browser-console.log'), consoleLines.join('\n') + '\n');
    failurePage = undefined;
    await ctx.close();
  }
}

async function main(): Promise<void> {
  const vsix = prepare();
  log('prerequisites found; packaging the extension');
  let ok = await step('npm run package produces a .vsix with only what runs', async () => {
    const vsce = path.join(ROOT, 'node_modules/.bin/vsce');
    const ls = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    const files = ls.stdout.trim().split('\n').filter(Boolean).sort();
    const ruleDocs = fs.readdirSync(path.join(ROOT, 'docs/rules')).map((f) => `docs/rules/${f}`);
    const expected = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/analysisWorker.js',
      'dist/compare.js',
      'dist/extension.js',
      'dist/extension.js.map',
      'dist/webview.css',
      'dist/webview.js',
      'dist/worker.js',
      ...ruleDocs,
      'media/README.md',
      'package.json',
    ].sort();
    if (JSON.stringify(files) !== JSON.stringify(expected)) throw new Error(`vsix would contain ${JSON.stringify(files)}`);
    const pack = spawnSync(vsce, ['package', '--no-dependencies', '-o', vsix], { cwd: ROOT, encoding: 'utf8' });
    if (pack.status !== 0) throw new Error(pack.stderr || pack.stdout);
    const size = fs.statSync(vsix).size;
    // 1.1 MB: TLS decryption (src/core/tls) is in the extension host's bundle and both workers' (the
    // analysis reads decrypted HTTP); the budget still catches a stray file or dependency.
    if (size > 1_100_000) throw new Error(`vsix is ${size} bytes`);
    log(`vsix: ${size} bytes, ${files.length} files`);
    const inst = spawnSync(NODE24, [CS_ENTRY, ...profileArgs(PROFILE), '--install-extension', vsix, '--force'], { encoding: 'utf8', env: xdgEnv(RUN) });
    if (inst.status !== 0) throw new Error(inst.stderr || inst.stdout);
  });
  const testsPath = await bundleSuite();
  const cs = await startCodeServer(RUN, PROFILE, WS);
  log(`code-server at ${cs.url}`);
  let hostPassed = 0,
    hostFailed = 0;
  try {
    if (ok) await uiTests(cs.url);
    log('running the mocha suite inside the extension host');
    const suite = await runSuiteInExtensionHost(cs.url, RUN, ROOT, testsPath, WS);
    log(`extension host test run exited with code ${suite.code}`);
    [hostPassed, hostFailed] = [suite.passed, suite.failed];
  } catch (e) {
    ok = false;
    console.log(`  ✖ ${e instanceof Error ? e.message : String(e)}`);
    hostFailed = Math.max(hostFailed, 1);
  } finally {
    if (process.env.KEEP) log(`KEEP=1: code-server left running at ${cs.url}`);
    else cs.stop();
  }
  const uiPassed = results.filter((r) => r.ok).length,
    uiFailed = results.length - uiPassed;
  const passed = uiPassed + hostPassed,
    failed = uiFailed + hostFailed;
  log(`screenshots in ${path.relative(ROOT, SHOTS)}/`);
  console.log(`\n  ${passed} passing (${((Date.now() - t0) / 1000).toFixed(0)}s)`);
  if (failed) console.log(`  ${failed} failing`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
