/**
 * UI steps of the Statistics tab in the real workbench (code-server): the protocol hierarchy and
 * the conversations of http-ipv4.pcap.gz from the real worker, a row applying its filter, and Copy
 * as CSV reaching VS Code's clipboard. Run by run.ts after the HTTP capture was opened.
 */
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';

type Step = (name: string, fn: () => Promise<void>) => Promise<boolean>;

const ROWS = '.stable tbody tr.frow:not([hidden]):not(.pending)';

async function cellsOf(frame: FrameLocator, page: string): Promise<string[][]> {
  return frame
    .locator(`.stats-${page} ${ROWS}`)
    .evaluateAll((rows) => rows.map((r) => Array.from((r as unknown as { cells: Array<{ textContent: string | null }> }).cells, (c) => c.textContent ?? '')));
}

async function until(page: Page, probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await page.waitForTimeout(100);
  }
}

export async function statsUiSteps(page: Page, step: Step, shots: string, open: () => Promise<FrameLocator>): Promise<void> {
  await step('Statistics: the protocol hierarchy and the TCP conversations of the HTTP capture; a row applies its filter; Copy as CSV copies', async () => {
    const frame = await open();
    await frame.locator('vscode-tab-header', { hasText: 'Statistics' }).click();
    await frame.locator('.stats-tab', { hasText: 'Protocol Hierarchy' }).click();
    await until(page, async () => (await cellsOf(frame, 'phs')).some((r) => r[0] === 'http' && r[2] === '6'), 'the hierarchy shows http with 6 packets');
    const phs = await cellsOf(frame, 'phs');
    const tcp = phs.find((r) => r[0] === 'tcp');
    if (tcp?.[2] !== '47') throw new Error(`the tcp row reads ${JSON.stringify(tcp)}`);
    await page.screenshot({ path: path.join(shots, '20-stats-phs.png') });

    await frame.locator('.stats-tab', { hasText: 'Conversations' }).click();
    await frame.locator('.stats-conversations .stats-kind', { hasText: 'TCP' }).click();
    await until(page, async () => (await cellsOf(frame, 'conversations')).length === 1, 'one TCP conversation');
    const [conv] = await cellsOf(frame, 'conversations');
    if (conv.slice(0, 5).join(' ') !== '10.77.0.1 36526 10.77.0.2 80 47') throw new Error(`the conversation reads ${conv.join(' | ')}`);
    await page.screenshot({ path: path.join(shots, '21-stats-conversations.png') });

    await frame.locator('.stats-conversations .stats-csv').click();
    const header = 'address_a,port_a,address_b,port_b,packets_a_to_b,bytes_a_to_b,packets_b_to_a,bytes_b_to_a,packets,bytes,rel_start,duration,filter';
    let copied = '';
    await until(
      page,
      async () => {
        copied = await page
          .evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())
          .catch(() => '');
        return copied.startsWith(header);
      },
      'the conversations CSV on the clipboard',
    );
    if (!copied.includes('\r\n10.77.0.1,36526,10.77.0.2,80,24,')) throw new Error(`the CSV reads ${JSON.stringify(copied.slice(0, 300))}`);

    // The hierarchy's udp row: the Packets tab filtered to the 2 DNS datagrams.
    await frame.locator('.stats-tab', { hasText: 'Protocol Hierarchy' }).click();
    await frame.locator(`.stats-phs td.row-filter`, { hasText: /^udp$/ }).click();
    await frame.locator('.status', { hasText: 'Displayed: 2 ' }).waitFor({ timeout: 20000 });
    const filter = await frame.locator('vscode-textfield.filter-input').evaluate((e) => (e as unknown as { value: string }).value);
    if (filter !== 'udp') throw new Error(`the filter is ${JSON.stringify(filter)}`);
  });
}
