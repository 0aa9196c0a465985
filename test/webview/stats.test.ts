import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openCaptureFile } from '../../src/core/capture/openCapture';
import { captureFieldSource, compileFilter, filterPackets } from '../../src/core/filter/compileFilter';
import { conversations } from '../../src/core/stats/conversations';
import { endpoints } from '../../src/core/stats/endpoints';
import { layerStatsOf } from '../../src/core/stats/layerStatsPass';
import { protocolHierarchy, type ProtocolNode } from '../../src/core/stats/protocolHierarchy';
import type { ViewToHost } from '../../src/protocol';
import { ROW_H } from '../../webview/virtualList';
import { measureTextContrast } from './contrast';
import { launchChromium, watchedPage } from './chromium';
import { FakeHost, ROOT } from './fakeHost';
import type { ThemeName } from './themes';

const HTTP = path.join(ROOT, 'test/fixtures/http-ipv4.pcap');
const LOSS = path.join(ROOT, 'test/fixtures/loss.pcap');
const SHOTS = path.join(ROOT, '.test-tmp/screenshots/webview');

const tableRows = (page: Page, page_: string) =>
  page.$$eval(`.stats-${page_} .stable tbody tr.frow:not([hidden]):not(.pending)`, (rows) =>
    rows.map((r) => Array.from((r as HTMLTableRowElement).cells, (c) => c.textContent ?? '')),
  );

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 15000;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Statistics tab in headless Chromium, answered by the real capture worker on real captures. */
describe('webview: Statistics tab', function () {
  this.timeout(60000);
  let browser: Browser;
  let host: FakeHost;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this, 'Statistics webview suite');
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  async function openPage(file: string, theme: ThemeName = 'dark'): Promise<void> {
    host = await FakeHost.start();
    host.theme = theme;
    page = await watchedPage(browser, { width: 1300, height: 800 }, errors);
    await host.attach(page);
    await host.openCapture(file);
    await page.goto(host.url);
    await page.locator('.players .prow:not([hidden]):not(.pending)').first().waitFor();
    await page.locator('vscode-tab-header', { hasText: 'Statistics' }).click();
  }

  afterEach(async () => {
    await page?.close();
    await host?.close();
    assert.deepEqual(errors.splice(0), [], 'the page logged errors');
  });

  it('Overview: file, packets and bytes, rates, decoding, the analysis flags and findings of a real capture', async () => {
    await openPage(LOSS);
    const c = await openCaptureFile(LOSS);
    let bytes = 0;
    for (let i = 0; i < c.index.count; i++) bytes += c.index.frameLen(i);
    const packets = c.index.count;
    c.close();
    await page.locator('.overview-title', { hasText: 'Findings' }).waitFor();
    const values = await page.$$eval('.overview-list dt', (dts) =>
      Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? ''])),
    );
    assert.equal(values['Name'], 'loss.pcap');
    assert.equal(values['Packets'], packets.toLocaleString('en-US'));
    assert.match(values['Bytes'], new RegExp(`\\(${bytes.toLocaleString('en-US')} bytes\\)$`));
    assert.match(values['Average packet rate'], /packets\/s$/);
    assert.equal(values['Not decoded'], '0');
    assert.ok(Number(values['retransmission']) > 0, 'the lossy capture shows its retransmissions');
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      if (theme === 'light') {
        await page.close();
        await host.close();
        await openPage(LOSS, 'light');
        await page.locator('.overview-title', { hasText: 'Findings' }).waitFor();
      }
      await page.screenshot({ path: path.join(SHOTS, `40-stats-overview-${theme}.png`) });
      const low = (await measureTextContrast(page, '.stats-overview')).filter((t) => t.ratio < 4.5);
      assert.deepEqual(low, [], `${theme}: overview text below WCAG AA`);
    }
    // A flag applies its filter and shows the packets.
    await page.locator('.overview-list button.link[data-filter="tcp.analysis.retransmission"]').click();
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.analysis.retransmission');
    await page.locator('.status', { hasText: `Displayed: ${values['retransmission']}` }).waitFor();
  });

  it("Protocol Hierarchy: the engine's tree, indented, with shares; a sort orders siblings; a row applies its protocol", async () => {
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      await openPage(HTTP, theme);
      await page.locator('.stats-tab', { hasText: 'Protocol Hierarchy' }).click();
      const c = await openCaptureFile(HTTP);
      const flat: string[][] = [];
      const walk = (nodes: ProtocolNode[], depth: number) =>
        nodes.forEach((n) => {
          flat.push([String(depth), n.protocol, n.frames.toLocaleString('en-US'), `${((n.frames / c.index.count) * 100).toFixed(1)}%`]);
          walk(n.children, depth + 1);
        });
      walk(protocolHierarchy(c.index, layerStatsOf(c).paths), 0);
      const tcpCount = filterPackets(compileFilter('tcp', captureFieldSource(c))!, c.index.count).length;
      c.close();
      const rows = await until(
        () =>
          page.$$eval('.stats-phs tbody tr.frow:not([hidden]):not(.pending)', (trs) =>
            trs.map((tr) => {
              const cells = (tr as HTMLTableRowElement).cells;
              return [cells[0].dataset.depth ?? '', cells[0].textContent ?? '', cells[2].textContent ?? '', cells[1].textContent ?? ''];
            }),
          ),
        (r) => r.length === flat.length,
        'the hierarchy rows',
      );
      assert.deepEqual(rows, flat);
      const indent = await page.$$eval('.stats-phs tbody tr.frow:not([hidden]) td:first-child', (tds) =>
        tds.map((td) => parseFloat(getComputedStyle(td).paddingLeft)),
      );
      assert.ok(indent[1] > indent[0], 'a child is indented under its parent');
      // Every row is ROW_H high, where the virtual list puts it: styles.css's .atable td padding once
      // made them 25.5 px, and the last row's border showed as a stray line on a half pixel.
      const heights = await page.$$eval('.stats-phs tbody tr.frow:not([hidden])', (trs) => trs.map((tr) => tr.getBoundingClientRect().height));
      assert.deepEqual(
        heights,
        heights.map(() => ROW_H),
      );
      await page.screenshot({ path: path.join(SHOTS, `41-stats-phs-${theme}.png`) });
      if (theme === 'light') {
        // Sort by packets ascending (second click): the tree stays a tree.
        await page.locator('.stats-phs th', { hasText: /^Packets/ }).click();
        await page.locator('.stats-phs th', { hasText: /^Packets/ }).click();
        await page.locator('.stats-phs th.sorted[aria-sort="ascending"]').first().waitFor();
        await until(
          () => tableRows(page, 'phs'),
          (r) => r.length === flat.length && r[0][0] === flat[0][1],
          'the re-sorted hierarchy',
        );
        await page.locator('.stats-phs td.row-filter', { hasText: /^tcp$/ }).click();
        assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp');
        await page.locator('.status', { hasText: `Displayed: ${tcpCount} ` }).waitFor();
      }
      await page.close();
      await host.close();
    }
    page = undefined as unknown as Page;
  });

  it('Protocol Hierarchy folds like a VS Code tree: the twisty, Left and Right; the fold survives a reload of the page', async () => {
    const protocols = () => tableRows(page, 'phs').then((rows) => rows.map((r) => r[0]).join(' '));
    const selected = () => page.locator('.stats-phs tr.frow.selected td:first-child').textContent();
    const glyph = (protocol: string) =>
      page
        .locator('.stats-phs tr.frow', { has: page.locator('td:first-child', { hasText: new RegExp(`^${protocol}$`) }) })
        .locator('.twisty')
        .evaluate((t) => getComputedStyle(t, '::before').content);
    const row = (protocol: string) => page.locator('.stats-phs tr.frow', { has: page.locator('td:first-child', { hasText: new RegExp(`^${protocol}$`) }) });
    const all = 'eth arp ip udp dns tcp http';
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      await openPage(HTTP, theme);
      await page.locator('.stats-tab', { hasText: 'Protocol Hierarchy' }).click();
      await until(protocols, (p) => p === all, 'the whole hierarchy');
      assert.equal(await glyph('ip'), '"▾"');
      assert.equal(await glyph('arp'), '""', 'a leaf has no twisty');
      // The twisty folds ip: its rows go, ip stays, marked folded.
      await row('ip').locator('.twisty').click();
      await until(protocols, (p) => p === 'eth arp ip', 'ip folded');
      await until(
        () => row('ip').getAttribute('aria-expanded'),
        (a) => a === 'false',
        'ip marked folded',
      );
      assert.equal(await glyph('ip'), '"▸"');
      // The clicked row is selected with the pointer still on it: its text stays legible.
      const low = (await measureTextContrast(page, '.stats-phs tr.frow.selected')).filter((t) => t.ratio < 4.5);
      assert.deepEqual(low, [], `${theme}: the selected row under the pointer`);
      await page.screenshot({ path: path.join(SHOTS, `44-stats-phs-folded-${theme}.png`) });
      await row('ip').locator('.twisty').click();
      await until(protocols, (p) => p === all, 'ip unfolded');
      if (theme === 'light') break;
      // Keys on the selected row: Left folds, then goes to the parent; Right unfolds, then goes to the first child.
      await row('tcp').locator('td').nth(2).click();
      await until(selected, (t) => t === 'tcp', 'the clicked row selected');
      await page.keyboard.press('ArrowLeft');
      await until(protocols, (p) => p === 'eth arp ip udp dns tcp', 'tcp folded by Left');
      await page.keyboard.press('ArrowLeft');
      await until(selected, (t) => t === 'ip', 'Left on a folded node selects its parent');
      await page.keyboard.press('ArrowLeft');
      await until(protocols, (p) => p === 'eth arp ip', 'ip folded by Left');
      await page.keyboard.press('ArrowRight');
      await until(protocols, (p) => p === 'eth arp ip udp dns tcp', 'ip unfolded by Right, tcp still folded');
      await until(selected, (t) => t === 'ip', 'ip still selected');
      await page.keyboard.press('ArrowRight');
      await until(selected, (t) => t === 'udp', 'Right on an open node selects its first child');
      // A double-click on a twisty folds and unfolds; it does not apply the row's filter.
      await row('udp').locator('.twisty').dblclick();
      await until(protocols, (p) => p === 'eth arp ip udp dns tcp', 'udp folded and unfolded');
      assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), '');
      // The folds are the page's state: kept across a reload.
      await page.waitForTimeout(300);
      await page.reload();
      await page.locator('.stats-tab.selected', { hasText: 'Protocol Hierarchy' }).waitFor();
      await until(protocols, (p) => p === 'eth arp ip udp dns tcp', 'tcp still folded after the reload');
      await page.close();
      await host.close();
    }
  });

  it('Endpoints: each kind renders the real numbers; header clicks sort descending then ascending; keys and Enter apply a row; Copy as CSV', async () => {
    await openPage(HTTP, 'dark');
    await page.locator('.stats-tab', { hasText: 'Endpoints' }).click();
    const c = await openCaptureFile(HTTP);
    const tcp = endpoints(c.index, 'tcp');
    const eth = endpoints(c.index, 'eth', layerStatsOf(c).ethernet);
    c.close();
    await page.locator('.stats-endpoints .stats-kind', { hasText: 'TCP' }).click();
    const first = await until(
      () => tableRows(page, 'endpoints'),
      (r) => r.length === tcp.length && r[0][1] !== '',
      'TCP endpoints',
    );
    assert.deepEqual(
      first.map((r) => [r[0], r[1], r[2]]),
      tcp.map((e) => [e.address, String(e.port), e.packets.toLocaleString('en-US')]),
    );
    assert.equal(first[0][8], `ip.addr == ${tcp[0].address} && tcp.port == ${tcp[0].port}`);
    const rx = page.locator('.stats-endpoints th', { hasText: 'Rx Packets' });
    await rx.click();
    const desc = await until(
      () => tableRows(page, 'endpoints'),
      (r) =>
        r.length === tcp.length &&
        r.map((x) => Number(x[6].replace(/,/g, ''))).join() ===
          [...tcp]
            .map((e) => e.rxPackets)
            .sort((a, b) => b - a)
            .join(),
      'descending by Rx packets',
    );
    assert.ok(desc.length > 1);
    await rx.click();
    await until(
      () => tableRows(page, 'endpoints'),
      (r) =>
        r.map((x) => Number(x[6].replace(/,/g, ''))).join() ===
        [...tcp]
          .map((e) => e.rxPackets)
          .sort((a, b) => a - b)
          .join(),
      'ascending by Rx packets',
    );
    await page.screenshot({ path: path.join(SHOTS, '42-stats-endpoints-tcp-dark.png') });

    // Copy as CSV: the whole table in its order, through the host's clipboard.
    await page.locator('.stats-endpoints .stats-csv').click();
    const copy = await until(
      async () => host.received.find((m): m is Extract<ViewToHost, { type: 'copyText' }> => m.type === 'copyText'),
      (m) => m !== undefined,
      'the CSV copy',
    );
    const lines = copy!.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'address,port,packets,bytes,tx_packets,tx_bytes,rx_packets,rx_bytes,filter');
    assert.equal(lines.length, tcp.length + 1);
    assert.match(copy!.what ?? '', /^TCP endpoints as CSV \(\d+ rows\)$/);

    // Ethernet: MAC endpoints; arrows and Enter apply the second row's eth.addr filter.
    await page.locator('.stats-endpoints .stats-kind', { hasText: 'Ethernet' }).click();
    const macs = await until(
      () => tableRows(page, 'endpoints'),
      (r) => r.length === eth.length && r[0][0] === eth[0].address,
      'Ethernet endpoints',
    );
    assert.deepEqual(
      macs.map((r) => r[0]),
      eth.map((e) => e.address),
    );
    await page.locator('.stats-endpoints .stats-list').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), `eth.addr == ${eth[1].address}`);
    await page.locator('.status', { hasText: `Displayed: ${eth[1].packets} ` }).waitFor();

    // The page, kind and order are kept across a hide and show (getState/setState): back on
    // Statistics after a page reload, Endpoints shows Ethernet again.
    await page.locator('vscode-tab-header', { hasText: 'Statistics' }).click();
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('.stats-tab.selected', { hasText: 'Endpoints' }).waitFor();
    await page.locator('.stats-endpoints .stats-kind.selected', { hasText: 'Ethernet' }).waitFor();
    await until(
      () => tableRows(page, 'endpoints'),
      (r) => r.length === eth.length,
      'the Ethernet endpoints after the reload',
    );
  });

  it('Conversations: TCP rows; clicking a row applies its stream filter and the Packets tab shows exactly its packets', async () => {
    for (const theme of ['dark', 'light'] as ThemeName[]) {
      await openPage(HTTP, theme);
      await page.locator('.stats-tab', { hasText: 'Conversations' }).click();
      const c = await openCaptureFile(HTTP);
      const conv = conversations(c.index, 'tcp');
      c.close();
      const rows = await until(
        () => tableRows(page, 'conversations'),
        (r) => r.length === conv.length,
        'TCP conversations',
      );
      assert.deepEqual(
        rows.map((r) => [r[0], r[1], r[2], r[3], r[4]]),
        conv.map((x) => [x.addressA, String(x.portA), x.addressB, String(x.portB), x.packets.toLocaleString('en-US')]),
      );
      await page.screenshot({ path: path.join(SHOTS, `43-stats-conversations-${theme}.png`) });
      if (theme === 'dark') {
        await page.locator('.stats-conversations td.row-filter', { hasText: 'tcp.stream eq 0' }).click();
        assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream eq 0');
        await page.locator('.status', { hasText: `Displayed: ${conv[0].packets} ` }).waitFor();
        // Back on Statistics, the page and its table are still there (not recomputed empty).
        await page.locator('vscode-tab-header', { hasText: 'Statistics' }).click();
        await until(
          () => tableRows(page, 'conversations'),
          (r) => r.length === conv.length,
          'the conversations again',
        );
      }
      await page.close();
      await host.close();
    }
    page = undefined as unknown as Page;
  });
});
