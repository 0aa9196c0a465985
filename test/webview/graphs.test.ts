import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ViewToHost } from '../../src/protocol';
import { launchChromium, watchedPage } from './chromium';
import { FakeHost, ROOT } from './fakeHost';
import type { ThemeName } from './themes';

const LOSS = path.join(ROOT, 'test/fixtures/loss.pcap');
const SHOTS = path.join(ROOT, '.test-tmp/screenshots/graphs');
const shown = '.players .prow:not([hidden]):not(.pending)';

type Request<T extends string> = Extract<ViewToHost, { type: T }>;

/** The Graphs tab in headless Chromium, answered by the real capture worker on real captures. */
describe('webview: Graphs tab in headless Chromium', function () {
  this.timeout(90000);
  let browser: Browser;
  let host: FakeHost;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this, 'Graphs webview suite');
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  async function newPage(theme: ThemeName): Promise<void> {
    host.theme = theme;
    page = await watchedPage(browser, { width: 1300, height: 900 }, errors);
    await host.attach(page);
  }

  beforeEach(async () => {
    host = await FakeHost.start();
  });

  afterEach(async () => {
    await page?.close();
    await host.close();
    assert.deepEqual(errors.splice(0), [], 'the page logged errors');
  });

  async function openLoss(): Promise<void> {
    await host.openCapture(LOSS);
    await page.goto(host.url);
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 20, shown, { timeout: 15000 });
    // The graphs need the analysis (tcp.analysis.* filters, the stream series).
    await page.waitForFunction(() => /finding/i.test(document.querySelector('.status')?.textContent ?? ''), undefined, { timeout: 15000 });
  }

  async function choose(selector: string, value: string): Promise<void> {
    await page.locator(selector).evaluate((e, v) => {
      (e as HTMLSelectElement).value = v;
      e.dispatchEvent(new Event('change'));
    }, value);
  }

  const requestsOf = <T extends string>(type: T): Array<Request<T>> => host.received.filter((m): m is Request<T> => m.type === type);

  /** The packet the page last reported selected (its uiState to the host). */
  const selectedPacket = (): number => {
    const states = requestsOf('uiState');
    return states.length ? states[states.length - 1].state.selected : -1;
  };

  async function until(probe: () => boolean): Promise<void> {
    const t0 = Date.now();
    while (!probe()) {
      if (Date.now() - t0 > 8000) throw new Error(`timed out waiting for ${probe.toString()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('I/O graph with two filters: lines, bars, log scale, in light, dark and high contrast', async () => {
    for (const theme of ['light', 'dark', 'high-contrast'] as ThemeName[]) {
      if (page) await page.close();
      await newPage(theme);
      await openLoss();
      await page.locator('vscode-tab-header', { hasText: 'Graphs' }).click();
      const all = page.locator('.io-graph [data-series="All packets"]');
      await all.waitFor();
      for (const [k, text] of [
        [1, 'tcp.analysis.retransmission'],
        [2, 'tcp.analysis.duplicate_ack'],
      ] as const) {
        await page.locator(`.io-filter-${k}`).evaluate((e, v) => {
          (e as HTMLInputElement).value = v;
          e.dispatchEvent(new Event('change'));
        }, text);
      }
      const retrans = page.locator('.io-graph [data-series="tcp.analysis.retransmission"]');
      const dups = page.locator('.io-graph [data-series="tcp.analysis.duplicate_ack"]');
      await retrans.waitFor();
      await dups.waitFor();
      // Lines: one stroked path per series, with points.
      for (const g of [all, retrans, dups]) {
        assert.ok(Number(await g.getAttribute('data-points')) > 10);
        assert.equal(await g.locator('path').getAttribute('fill'), 'none');
        assert.match((await g.locator('path').getAttribute('d'))!, /^M[\d.]+ [\d.]+L/);
      }
      // The legend names both filters (as text).
      const legend = await page.locator('.io-graph .chart-legend text').allTextContents();
      assert.deepEqual(legend, ['All packets', 'tcp.analysis.retransmission', 'tcp.analysis.duplicate_ack']);
      await page.screenshot({ path: path.join(SHOTS, `io-lines-${theme}.png`) });

      // Bars: filled rectangles; the log scale: decade ticks.
      await choose('.io-style', 'bars');
      await page.waitForFunction(() => document.querySelector('.io-graph [data-series="All packets"] path')?.getAttribute('fill') !== 'none');
      assert.match((await all.locator('path').getAttribute('d'))!, /Z/);
      await page.locator('.io-log').evaluate((e) => {
        (e as HTMLInputElement).checked = true;
        e.dispatchEvent(new Event('change'));
      });
      // The y axis redraws after the change: wait for decade ticks only ('10' alone is also a linear tick).
      await page.waitForFunction(() => {
        const y = [...document.querySelectorAll('.io-graph .chart-ticks text[text-anchor="end"]')].map((t) => t.textContent ?? '');
        return y.length > 1 && y.every((t) => /^(0\.0*1|1|10|100|1k|10k)$/.test(t));
      });
      const ticks = await page.locator('.io-graph .chart-ticks text[text-anchor="end"]').allTextContents();
      assert.ok(
        ticks.every((t) => /^(0\.0*1|1|10|100|1k|10k)$/.test(t)),
        `decades only: ${ticks.join(' ')}`,
      );
      await page.screenshot({ path: path.join(SHOTS, `io-bars-log-${theme}.png`) });
      const io = requestsOf('ioGraph');
      assert.deepEqual(io[io.length - 1].filters, ['tcp.analysis.retransmission', 'tcp.analysis.duplicate_ack']);
      host.received.length = 0;
    }
  });

  it('TCP stream graph from the context menu: retransmissions marked, zoom asks for detail, a click selects the packet', async () => {
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      if (page) await page.close();
      await newPage(theme);
      await openLoss();
      await page.locator(shown, { hasText: '[SYN]' }).first().click({ button: 'right' });
      await page.locator('.context-menu .context-item', { hasText: 'TCP Stream Graph' }).click();
      const marks = page.locator('.tcp-graph [data-series="retransmissions"] .chart-mark');
      await marks.first().waitFor();
      assert.ok((await marks.count()) > 0, 'retransmissions marked');
      assert.ok(Number(await page.locator('.tcp-graph [data-series="segments"]').getAttribute('data-points')) > 100);
      assert.equal(await page.locator('.tcp-graph .chart-title').textContent(), 'Time-sequence (tcptrace)');
      await page.screenshot({ path: path.join(SHOTS, `tcptrace-${theme}.png`) });

      // A click on a retransmission mark selects that packet in the table.
      // The chart may draw once more (the analysis' marks arrive after the segments): measure the mark
      // once it is on screen and stays there.
      const mark = marks.first();
      await mark.waitFor({ state: 'visible' });
      let box = await mark.boundingBox();
      for (let tries = 0; !box && tries < 40; tries++) {
        await page.waitForTimeout(50);
        box = await mark.boundingBox();
      }
      assert.ok(box, 'the retransmission mark is drawn');
      const packet = Number(await mark.getAttribute('data-packet'));
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await until(() => selectedPacket() === packet);
      await page.locator('.tcp-graph .chart-selected').waitFor();

      // Wheel zoom around the mark: the page asks the worker for that range.
      const before = requestsOf('tcpGraph').length;
      for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -200);
      await until(() => requestsOf('tcpGraph').length > before && requestsOf('tcpGraph').at(-1)!.range !== undefined);
      const zoomed = requestsOf('tcpGraph').at(-1)!;
      const [x0, x1] = zoomed.range!;
      assert.ok(x1 > x0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS, `tcptrace-zoomed-${theme}.png`) });
      // The other graph types draw from the same stream.
      for (const type of ['stevens', 'throughput', 'rtt', 'window']) {
        await choose('.tcp-graph-type', type);
        await page.waitForFunction(
          (t) => document.querySelector('.tcp-graph .chart-title')?.textContent?.toLowerCase().includes(t),
          {
            stevens: 'stevens',
            throughput: 'throughput',
            rtt: 'round-trip',
            window: 'window',
          }[type]!,
        );
        if (theme === 'light') await page.screenshot({ path: path.join(SHOTS, `${type}-${theme}.png`) });
      }
      host.received.length = 0;
    }
  });

  it('copy as SVG, save as PNG and copy as CSV hand the graph to the host; the tab and its graph come back after a reload', async () => {
    await newPage('light');
    await openLoss();
    await page.locator(shown, { hasText: '[SYN]' }).first().click({ button: 'right' });
    await page.locator('.context-menu .context-item', { hasText: 'TCP Stream Graph' }).click();
    await page.locator('.tcp-graph [data-series="retransmissions"] .chart-mark').first().waitFor();
    const exported = () => requestsOf('graphExport');
    await page.locator('.tcp-graph .chart-copy-svg').click();
    await page.locator('.tcp-graph .chart-save-png').click();
    await page.locator('.tcp-graph .chart-copy-csv').click();
    await until(() => exported().length === 3);
    const [svgCopy, png, csv] = exported();
    assert.equal(svgCopy.format, 'svg');
    assert.equal(svgCopy.name, 'tcp-stream-0-tcptrace');
    // A standalone SVG: namespaced, no crosshair, no CSS variables left to resolve.
    assert.match(svgCopy.data, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svgCopy.data, /data-series="retransmissions"/);
    assert.doesNotMatch(svgCopy.data, /var\(--|chart-overlay/);
    assert.equal(png.format, 'png');
    const bytes = Buffer.from(png.data, 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(bytes.readUInt32BE(16) >= 1000, `PNG width ${bytes.readUInt32BE(16)} (twice the chart's)`);
    assert.equal(csv.format, 'csv');
    const lines = csv.data.trim().split('\n');
    assert.equal(lines[0], 'series,x,y,y2,frame');
    const retransRows = lines.filter((l) => l.startsWith('retransmissions,'));
    assert.ok(retransRows.length > 0);
    for (const r of retransRows) assert.match(r, /^retransmissions,[\d.]+,\d+,,\d+$/);
    // The Graphs tab, the stream and the graph type are part of the saved state.
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('.tcp-graph [data-series="retransmissions"] .chart-mark').first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.tcp-graph .chart-title').textContent(), 'Time-sequence (tcptrace)');
  });

  it("a finding's 'Show in stream graph' opens the graph that shows it, zoomed around the evidence", async () => {
    await newPage('dark');
    await openLoss();
    await page.locator('vscode-tab-header', { hasText: 'Findings' }).click();
    const finding = page.locator('.findings-list .finding[data-rule="tcp.transfer.retransmissions"]');
    await finding.locator('.finding-line').click();
    await finding.locator('.graph-link').click();
    await page.locator('.tcp-graph [data-series="retransmissions"] .chart-mark').first().waitFor();
    const asked = requestsOf('tcpGraph');
    const first = asked.find((r) => r.evidence !== undefined)!;
    assert.equal(first.graph, 'tcptrace');
    assert.equal(first.direction, 'auto');
    // Then the range around the evidence packet, with the evidence marked by a dashed line.
    await until(() => requestsOf('tcpGraph').some((r) => r.range !== undefined));
    await page.locator('.tcp-graph .chart-marker').waitFor({ state: 'attached' });
    // Read in one go in the page: a late resize may redraw the chart between two calls.
    const at = (await (
      await page.waitForFunction(() => {
        const m = document.querySelector('.tcp-graph .chart-marker');
        const svg = document.querySelector('.tcp-graph .chart-svg');
        if (!m || !svg) return undefined;
        return Number(/^M([\d.]+)/.exec(m.getAttribute('d')!)![1]) / Number(svg.getAttribute('width'));
      })
    ).jsonValue()) as number;
    assert.ok(at > 0.3 && at < 0.7, `the evidence is in the middle of the zoomed graph (at ${at})`);
    // The evidence packet (loss.pcap's frame 108, a segment resent out of order) carries a mark on the graph.
    const marked = await page
      .locator('.tcp-graph .chart-mark')
      .evaluateAll((ms) => ms.map((m) => `${m.closest('[data-series]')!.getAttribute('data-series')} ${m.getAttribute('data-packet')}`));
    assert.ok(
      marked.some((m) => m.endsWith(` ${first.evidence}`)),
      `evidence packet ${first.evidence} marked among ${marked.join(', ')}`,
    );
    await page.screenshot({ path: path.join(SHOTS, 'finding-to-graph-dark.png') });
  });
});
