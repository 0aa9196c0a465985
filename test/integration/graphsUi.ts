/**
 * UI step of the TCP stream graphs in the real workbench (code-server), on a real transfer with
 * loss and a zero-window episode (test/fixtures/loss-zero-window.pcap): the zero-window finding's
 * "Show in stream graph" link opens the time-sequence graph, which marks the zero windows and the
 * retransmissions — as many as the display filters find — in the light and the dark theme.
 */
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { pickTheme } from './colorTheme';

type Step = (name: string, fn: () => Promise<void>) => Promise<boolean>;

/** The marks a series of the stream graph draws (rings, crosses), one per packet. */
const marks = (frame: FrameLocator, series: string) => frame.locator(`.tcp-graph [data-series="${series}"] .chart-mark`);

async function until(page: Page, probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await page.waitForTimeout(100);
  }
}

/** How many packets a display filter shows in the Packets tab (the status line's "Displayed: N"). */
async function displayed(page: Page, frame: FrameLocator, filter: string): Promise<number> {
  await frame.locator('vscode-tab-header', { hasText: 'Packets' }).click();
  const input = frame.locator('vscode-textfield.filter-input input');
  const status = frame.locator('.status');
  // Cleared first, so the count read is this filter's, not the previous one's.
  await input.fill('');
  await input.press('Enter');
  await until(page, async () => !/Displayed:/.test((await status.textContent()) ?? ''), 'the filter cleared');
  await input.fill(filter);
  await input.press('Enter');
  await frame.locator('.status', { hasText: 'Displayed: ' }).waitFor({ timeout: 20000 });
  const count = Number(/Displayed: ([\d,]+)/.exec((await status.textContent()) ?? '')?.[1].replace(/,/g, '') ?? NaN);
  await input.fill('');
  await input.press('Enter');
  return count;
}

export async function graphsUiSteps(page: Page, step: Step, shots: string, open: () => Promise<FrameLocator>): Promise<void> {
  await step(
    "a zero-window finding's graph link opens the time-sequence graph of a lossy transfer: zero windows and retransmissions marked (light and dark)",
    async () => {
      const frame = await open();
      const zeroWindows = await displayed(page, frame, 'tcp.analysis.zero_window');
      const retransmissions = await displayed(page, frame, 'tcp.analysis.retransmission');
      if (!(zeroWindows > 0 && retransmissions > 0)) throw new Error(`the capture has ${zeroWindows} zero windows and ${retransmissions} retransmissions`);

      await frame.locator('vscode-tab-header', { hasText: 'Findings' }).click();
      const finding = frame.locator('.findings-list .finding[data-rule="tcp.transfer.zero-window"]');
      await finding.locator('.finding-line').click({ timeout: 30000 });
      await finding.locator('.graph-link').click();
      // Opened zoomed around the finding's evidence (the first zero window).
      await marks(frame, 'zero window').first().waitFor({ timeout: 20000 });
      const title = (await frame.locator('.tcp-graph .chart-title').textContent()) ?? '';
      if (title !== 'Time-sequence (tcptrace)') throw new Error(`the graph is ${JSON.stringify(title)}`);
      await page.screenshot({ path: path.join(shots, '18-zero-window-finding-graph.png') });

      // The whole stream (0 resets the zoom): every zero window and every retransmission marked.
      await frame.locator('.tcp-graph .chart').first().press('0');
      const counts = async () => [await marks(frame, 'zero window').count(), await marks(frame, 'retransmissions').count()];
      await until(
        page,
        async () => (await counts()).join() === `${zeroWindows},${retransmissions}`,
        `${zeroWindows} zero-window and ${retransmissions} retransmission marks`,
      ).catch(async (e: Error) => {
        throw new Error(`${e.message}; the graph marks ${(await counts()).join(' and ')}`);
      });
      await page.screenshot({ path: path.join(shots, '19-loss-zero-window-graph-light.png') });
      await pickTheme(page, 'Dark Modern');
      await until(page, async () => (await counts()).join() === `${zeroWindows},${retransmissions}`, 'the marks in the dark theme');
      await page.screenshot({ path: path.join(shots, '19-loss-zero-window-graph-dark.png') });
      await pickTheme(page, 'Light Modern');
    },
  );
}
