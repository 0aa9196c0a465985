/**
 * UI steps of the Problems side in the real workbench, driven like a user: the Problems panel's own
 * click and Quick Fix menu, tabs, Go to Line and Ctrl+. — what the in-host suite can only imitate
 * through the API. Run by run.ts after the founding capture was opened in the capture editor.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';

type Step = (name: string, fn: () => Promise<void>) => Promise<boolean>;

const TEXT_VIEW_TAB = 'founding-tsecr.pcap.packets';
const CAPTURE_TAB = 'founding-tsecr.pcap';

/** The label of the active tab of the active editor group. */
async function activeTab(page: Page): Promise<string> {
  const label = await page.locator('.editor-group-container.active .tab.active').first().getAttribute('aria-label');
  return (label ?? '').split(',')[0];
}

/** Waits until the active tab is exactly `label` (a text view's label contains its capture's). */
async function untilActive(page: Page, label: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await activeTab(page)) !== label) {
    if (Date.now() > deadline) throw new Error(`the active tab is ${await activeTab(page)}, expected ${label}`);
    await page.waitForTimeout(100);
  }
}

async function expectActive(page: Page, label: string, what: string): Promise<void> {
  // Long enough for a reveal the extension would make (it waits 300 ms, the editor takes some more).
  await page.waitForTimeout(2000);
  const now = await activeTab(page);
  if (now !== label) throw new Error(`${what}: the active tab is ${now}, expected ${label}`);
}

/** Runs a command from the command palette. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
}

export async function problemsUiSteps(page: Page, step: Step, shots: string): Promise<void> {
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'echoes TSecr' }).first();
  await step('a click on the problem in the Problems panel reveals its packet once; the text view then stays when brought back', async () => {
    await page.keyboard.press('Control+Shift+M');
    await problem.waitFor({ timeout: 30000 });
    await problem.click();
    await untilActive(page, CAPTURE_TAB, 20000);
    await page.locator('.tab', { hasText: TEXT_VIEW_TAB }).first().click();
    await expectActive(page, TEXT_VIEW_TAB, 'its tab clicked');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await expectActive(page, TEXT_VIEW_TAB, 'Go to Line 3 (an evidence line)');
    await page.screenshot({ path: path.join(shots, '10-text-view-stays.png') });
  });
  await step('Ctrl+. in the read-only text view lists the quick fixes', async () => {
    await page.keyboard.press('Control+.');
    const list = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await list.first().waitFor({ timeout: 10000 });
    const labels = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allTextContents();
    if (!labels.some((l) => /^Client: set tcp_timestamps = 0 in/.test(l) || /^Client: add net\.ipv4\.tcp_timestamps = 0/.test(l)))
      throw new Error(`fixes offered: ${labels.join(' | ')}`);
    await page.screenshot({ path: path.join(shots, '11-text-view-quick-fix.png') });
    await page.keyboard.press('Escape');
  });
  await step('the Problems panel\'s Quick Fix menu: titles as written, and "add … to a sysctl file…" keeps its picker', async () => {
    await problem.hover();
    const bulb = problem.locator('.markers-panel-action-quickfix');
    await bulb.waitFor({ timeout: 10000 });
    if (/disabled/.test((await bulb.getAttribute('class')) ?? '')) throw new Error('the lightbulb is disabled');
    await bulb.click();
    const items = page.locator('.context-view .action-label');
    await items.first().waitFor({ timeout: 10000 });
    const labels = await items.allTextContents();
    if (!labels.includes('Copy command: Persist across reboots') || labels.some((l) => l.length > 76)) throw new Error(`menu: ${labels.join(' | ')}`);
    await page.screenshot({ path: path.join(shots, '12-problems-quick-fix-menu.png') });
    await page.locator('.context-view .action-label', { hasText: 'to a sysctl file…' }).first().click();
    await page.waitForTimeout(2000);
    if (!(await page.locator('.quick-input-widget').isVisible())) throw new Error(`the file picker is gone; active tab ${await activeTab(page)}`);
    await page.screenshot({ path: path.join(shots, '13-add-setting-picker.png') });
    await page.keyboard.press('Escape');
  });
  // Leave no editor or panel behind: the next steps find their capture's page as the one webview there.
  try {
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'View: Hide Panel');
  } catch (e) {
    console.log(`  (could not tidy up after the Problems steps: ${e instanceof Error ? e.message : String(e)})`);
  }
}
