import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HttpExchangeView, HttpMessageView, ViewReply, ViewToHost } from '../../src/protocol';
import { launchChromium, watchedPage } from './chromium';
import { FakeHost, ROOT } from './fakeHost';
import type { ThemeName } from './themes';

const OBJECTS = path.join(ROOT, 'test/fixtures/http-objects.pcap');
const SHOTS = path.join(ROOT, '.test-tmp/screenshots/webview');
const shown = '.players .prow:not([hidden]):not(.pending)';

/** The pretty JSON the fixture's server meant by /data.json (test/fixtures/tools/http_objects_server.mjs). */
const DATA_JSON = JSON.stringify({ name: 'fixture', items: Array.from({ length: 40 }, (_, i) => ({ id: i, ok: i % 3 !== 0 })) }, null, 2);

function message(kind: 'request' | 'response', startLine: string, contentType: string, bodySize: number, packet: number): HttpMessageView {
  return {
    kind,
    startLine,
    headers: contentType ? [{ name: 'Content-Type', value: contentType }] : [],
    trailers: [],
    firstPacket: packet,
    lastPacket: packet,
    framing: bodySize ? 'length' : 'none',
    bodySize,
    contentType,
    contentEncoding: [],
    truncated: false,
    missing: false,
  };
}

/** The HTTP tab (webview/views/httpView.ts) on the real worker and the http-objects fixture. */
describe('webview: the HTTP tab in headless Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let host: FakeHost;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this, 'HTTP tab suite');
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  async function newPage(theme: ThemeName): Promise<void> {
    host = await FakeHost.start();
    host.theme = theme;
    page = await watchedPage(browser, { width: 1400, height: 1000 }, errors);
    await host.attach(page);
    await host.openCapture(OBJECTS);
    await page.goto(host.url);
    await page.locator(shown).nth(20).waitFor();
  }

  afterEach(async () => {
    await page?.close();
    await host?.close();
    assert.deepEqual(errors.splice(0), [], 'the page logged errors');
  });

  async function choose(selector: string, value: string): Promise<void> {
    await page.locator(selector).evaluate((e, v) => {
      (e as HTMLSelectElement).value = v;
      e.dispatchEvent(new Event('change'));
    }, value);
  }

  /** Opens the HTTP tab from a packet's context menu, on the row whose Info has `info`. */
  async function openFromMenu(info: string): Promise<void> {
    await page.locator(shown, { hasText: info }).first().click({ button: 'right' });
    await page.locator('.context-menu .context-item', { hasText: 'Show HTTP Exchanges' }).click();
    // The rows are drawn a frame after the list is known (webview/virtualList.ts).
    await page.locator('.http-table tr[data-exchange]:not(.pending)').first().waitFor();
  }

  const row = (n: number) => page.locator(`.http-table tr[data-exchange="${n}"]`);
  const bodyText = () => page.locator('.http-body pre.http-text').textContent();
  /** A head's header lines as [name, value] pairs (its headers, then its trailers). */
  const headerPairs = (selector: string) =>
    page.$$eval(`${selector} .http-headers dt`, (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
  const csp = () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

  it("a packet's context menu lists the stream's exchanges; bodies decoded, as JSON, image, hex; a frame selects its packet (light and dark)", async () => {
    for (const theme of ['light', 'dark'] as ThemeName[]) {
      await newPage(theme);
      await openFromMenu('GET /data.json');
      assert.equal(await page.locator('.http-title').textContent(), 'HTTP · TCP stream 0');
      assert.equal(await page.locator('.http-summary').textContent(), '14 exchanges');
      assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream eq 0');
      // Method and URI, status, type, sizes as sent, frames (request's first → response's last).
      assert.deepEqual(await row(1).evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)), [
        '2',
        'GET /app.js',
        '200 OK',
        'application/javascript',
        '',
        '353 bytes',
        '8 → 9',
      ]);
      assert.match((await row(11).textContent())!, /GET \/broken\.gz/);

      // /data.json: deflate undone, pretty-printed.
      await row(2).click();
      await page.locator('.http-body pre.http-json').waitFor();
      assert.equal(await bodyText(), DATA_JSON);
      assert.equal(await page.locator('.http-mode').evaluate((e) => (e as HTMLSelectElement).value), 'json');
      assert.match((await page.locator('.http-body-info').textContent())!, /^\d[\d,]* bytes decoded$/);
      assert.deepEqual(await headerPairs('.http-head-response'), [
        ['Server', 'fixture-objects/1.0'],
        ['Content-Type', 'application/json'],
        ['Content-Encoding', 'deflate'],
        ['Content-Length', '170'],
      ]);
      assert.equal(await page.locator('.http-head-response .http-facts').textContent(), 'Body: 170 bytes · coded deflate');
      await page.screenshot({ path: path.join(SHOTS, `40-http-json-${theme}.png`) });
      if (theme === 'dark') {
        // As sent, the deflate bytes are no JSON: it says so and shows them as text.
        await choose('.http-coding', 'sent');
        await page.locator('.http-body-note', { hasText: /^Not valid JSON \(.+\): shown as text\.$/ }).waitFor();
        assert.equal(await page.locator('.http-body pre.http-json').count(), 0);
        await choose('.http-coding', 'decoded');
        await page.locator('.http-body pre.http-json').waitFor();
        assert.equal(await page.locator('.http-body-note').isVisible(), false);
        // Save body… asks the host, which owns the dialog and the file system.
        await page.locator('vscode-button.http-save').click();
        const save = await waitFor(() => host.received.find((m): m is Extract<ViewToHost, { type: 'saveHttpBody' }> => m.type === 'saveHttpBody'));
        assert.deepEqual(save, { type: 'saveHttpBody', stream: 0, exchange: 2, part: 'response', decoded: true });
      }

      // /app.js: gzip and chunked undone, shown as text.
      await row(1).click();
      await page.locator('.http-body pre.http-text', { hasText: 'app.js // line 0000: the quick brown fox' }).waitFor();
      assert.equal((await bodyText())!.split('\n').length, 121);
      assert.deepEqual((await headerPairs('.http-head-response')).at(-1), ['X-Trailer', 'done']);
      assert.equal(await page.locator('.http-head-response .http-facts').textContent(), 'Body: 353 bytes, chunked · coded gzip');

      // /logo.png: an image preview in an <img>, and the same bytes as a hex dump.
      await row(4).click();
      const img = page.locator('.http-body img.http-image');
      await img.waitFor();
      await page.waitForFunction(() => (document.querySelector('.http-body img') as HTMLImageElement | null)?.naturalWidth === 24);
      assert.match((await img.getAttribute('src'))!, /^data:image\/png;base64,iVBORw0KGgo/);
      await page.locator('.http-body-info', { hasText: '970 bytes · 24×24 image/png · shown 4×' }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, `41-http-image-${theme}.png`) });
      await choose('.http-mode', 'hex');
      await page.locator('.http-body pre.http-text').waitFor();
      assert.equal((await bodyText())!.split('\n')[0], '00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52   .PNG........IHDR');

      // /broken.gz: why it could not be decoded, and the bytes as sent.
      await row(11).click();
      await page.locator('.http-body-note', { hasText: /^Could not decode the body: the gzip body could not be decoded.*Shown as sent\.$/ }).waitFor();
      await page.locator('.http-body pre.http-text').waitFor();

      // A frame number: that packet selected in the Packets tab.
      await row(2).locator('.frame-link').last().click();
      await page.waitForFunction(() => document.querySelector('.prow.selected .num')?.textContent === '12');
      assert.match((await page.locator('.prow.selected').textContent())!, /HTTP\/1\.1 200 OK/);
      assert.deepEqual(await csp(), [], 'no CSP violation (the data: image is allowed)');
      if (theme === 'light') {
        await page.close();
        await host.close();
      }
    }
  });

  it('keyboard: the list moves with the arrows; Follow offers the HTTP tab; the tab comes back after a reload of the page', async () => {
    await newPage('dark');
    await page.locator('vscode-textfield.filter-input input').fill('tcp.stream eq 1');
    await page.locator('vscode-textfield.filter-input input').press('Enter');
    await page.locator(shown, { hasText: 'GET /p1.txt' }).first().click();
    await page.keyboard.press('Control+Alt+Shift+T');
    await page.locator('.fline.client', { hasText: 'GET /p1.txt HTTP/1.1' }).waitFor();
    const link = page.locator('vscode-button.follow-http');
    await link.waitFor({ state: 'visible' });
    assert.equal(await link.textContent(), 'HTTP exchanges (3)');
    await link.click();
    await page.locator('.http-title', { hasText: 'HTTP · TCP stream 1' }).waitFor();
    await page.locator('.http-table tr[data-exchange="2"]', { hasText: 'GET /p3.bin' }).waitFor();
    // Pipelined: three requests in one segment (frame 89), their answers in order.
    assert.deepEqual(await page.$$eval('.http-table tr[data-exchange]', (trs) => trs.map((tr) => tr.querySelectorAll('td')[1].textContent)), [
      'GET /p1.txt',
      'GET /p2.txt',
      'GET /p3.bin',
    ]);
    await page.locator('.http-body pre.http-text', { hasText: 'first pipelined answer' }).waitFor();
    await page.locator('.http-list').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('.http-body pre.http-text', { hasText: 'second pipelined answer line 0000' }).waitFor();
    await page.keyboard.press('End');
    // /p3.bin: 3000 bytes of noise, shown as a hex dump (188 lines of 16 bytes).
    await page.waitForFunction(() => document.querySelector('.http-body')?.getAttribute('data-mode') === 'hex');
    await page.locator('.http-body pre.http-text', { hasText: /^00000000 {2}/ }).waitFor();
    assert.equal((await bodyText())!.split('\n').length, Math.ceil(3000 / 16));
    assert.equal(await page.locator('.http-table tr.selected td').first().textContent(), '3');
    // Hide and show: the page reloads and shows the same exchange in the HTTP tab.
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('.http-table tr.selected', { hasText: 'GET /p3.bin' }).waitFor();
    await page.waitForFunction(() => document.querySelector('.http-body')?.getAttribute('data-mode') === 'hex');
    assert.ok(await page.locator('.http-pane').isVisible(), 'the HTTP tab is the one shown');
  });

  it('a 1 GB body comes in 64 KB windows (Show more, scrolling); a hostile SVG is only ever an <img>; JSON over the cap is text', async () => {
    await newPage('dark');
    const GB = 2 ** 30;
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="window.__pwned=1"><script>window.__pwned=2</script><rect width="40" height="40" fill="red"/></svg>';
    const exchanges: HttpExchangeView[] = [
      { request: message('request', 'GET /huge.log HTTP/1.1', '', 0, 3), interim: [], response: message('response', 'HTTP/1.1 200 OK', 'text/plain', GB, 4) },
      {
        request: message('request', 'GET /evil.svg HTTP/1.1', '', 0, 5),
        interim: [],
        response: message('response', 'HTTP/1.1 200 OK', 'image/svg+xml', svg.length, 6),
      },
      {
        request: message('request', 'GET /big.json HTTP/1.1', '', 0, 7),
        interim: [],
        response: message('response', 'HTTP/1.1 200 OK', 'application/json', 5 * 2 ** 20, 8),
      },
    ];
    const asked: Array<{ start: number; count: number }> = [];
    host.answer = (m) => {
      if (m.type === 'httpMessages' && m.stream === 0) return windowOf(exchanges, m);
      if (m.type !== 'httpBody' || m.stream !== 0) return undefined;
      const base = { type: 'httpBody' as const, stream: 0, exchange: m.exchange, part: m.part, decoded: m.decoded, start: m.start };
      if (m.exchange === 1) return { ...base, total: svg.length, bytes: [...Buffer.from(svg)].slice(m.start, m.start + m.count), kind: 'text' };
      asked.push({ start: m.start, count: m.count });
      const total = m.exchange === 0 ? GB : 5 * 2 ** 20;
      const n = Math.min(m.count, total - m.start);
      const line = Buffer.from(m.exchange === 0 ? 'log line of sixteen.\n'.slice(0, 16) : '{"k":[1,2,3]}   ');
      return { ...base, total, bytes: Array.from({ length: n }, (_, i) => line[(m.start + i) % 16]), kind: m.exchange === 0 ? 'text' : 'json' };
    };
    await openFromMenu('GET /data.json');
    await page.locator('.http-body pre.http-text').waitFor();
    const more = page.locator('vscode-button.http-more');
    assert.equal(await more.textContent(), 'Show more (65,536 bytes of 1,073,741,824 bytes shown)');
    await more.click();
    await page.locator('vscode-button.http-more', { hasText: 'Show more (131,072 bytes' }).waitFor();
    // Scrolling to the end asks for the next window too.
    await page.locator('.http-body').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await page.locator('vscode-button.http-more', { hasText: 'Show more (196,608 bytes' }).waitFor();
    assert.deepEqual(asked.slice(0, 3), [
      { start: 0, count: 65536 },
      { start: 65536, count: 65536 },
      { start: 131072, count: 65536 },
    ]);
    assert.equal((await bodyText())!.length, 3 * 65536);

    // The SVG: previewed by an <img> (its scripts never run), never as markup in the page.
    await row(1).click();
    await page.locator('.http-body img.http-image').waitFor();
    await page.waitForFunction(() => (document.querySelector('.http-body img') as HTMLImageElement | null)?.naturalWidth === 40);
    assert.equal(await page.locator('.http-body svg, .http-body script').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await choose('.http-mode', 'text');
    await page.locator('.http-body pre.http-text', { hasText: '<script>window.__pwned=2</script>' }).waitFor();
    assert.equal(await page.locator('.http-body svg, .http-body script').count(), 0);

    // 5 MB of JSON: over the cap, not loaded whole, shown as text with the reason.
    asked.length = 0;
    await row(2).click();
    await page
      .locator('.http-body-note', { hasText: 'Not pretty-printed: the body is 5,242,880 bytes, over the 4,194,304 bytes limit. Shown as text.' })
      .waitFor();
    assert.deepEqual(asked, [{ start: 0, count: 65536 }]);
    assert.deepEqual(await csp(), []);
  });

  it('a keep-alive stream of 100,000 exchanges, paged from the host: the end reached with few rows in the page, its last row clicked', async () => {
    await newPage('dark');
    const N = 100_000;
    // Made per window, as the worker does: the page never has more than the windows it asked for.
    const exchange = (i: number): HttpExchangeView => ({
      request: { ...message('request', `GET /item/${i} HTTP/1.1`, '', 0, 2 * i), headers: [] },
      interim: [],
      response: { ...message('response', i % 7 === 3 ? 'HTTP/1.1 404 Not Found' : 'HTTP/1.1 200 OK', 'text/plain', 12, 2 * i + 1), headers: [] },
    });
    const windows: Array<{ start: number; count: number }> = [];
    host.answer = (m) => {
      if (m.type === 'httpMessages' && m.stream === 0) {
        windows.push({ start: m.start, count: m.count });
        const start = Math.min(N, m.start);
        const items = Array.from({ length: Math.max(0, Math.min(m.count, 1000, N - start)) }, (_, k) => exchange(start + k));
        return { type: 'httpMessages', stream: 0, start, total: N, exchanges: items };
      }
      if (m.type !== 'httpBody' || m.stream !== 0) return undefined;
      const text = Buffer.from(`body ${String(m.exchange).padStart(6, '0')}\n`);
      const base = { type: 'httpBody' as const, stream: 0, exchange: m.exchange, part: m.part, decoded: m.decoded, start: m.start };
      return { ...base, total: text.length, bytes: [...text].slice(m.start, m.start + m.count), kind: 'text' };
    };
    await openFromMenu('GET /data.json');
    assert.equal(await page.locator('.http-summary').textContent(), `${N} exchanges`, 'every exchange counted, no cap note');
    await page.locator('.http-body pre.http-text', { hasText: 'body 000000' }).waitFor();
    const drawn = () => page.locator('.http-table tr').count();
    assert.ok((await drawn()) < 100, `${await drawn()} rows in the page`);

    /** The selected row is drawn, whole inside the list's visible part (below its sticky header). */
    const selectedOnScreen = () =>
      page.evaluate(() => {
        const list = document.querySelector('.http-list')!.getBoundingClientRect();
        const head = document.querySelector('.http-table thead')!.getBoundingClientRect();
        const tr = document.querySelector('.http-table tr.selected');
        if (!tr) return undefined;
        const r = tr.getBoundingClientRect();
        return {
          exchange: (tr as HTMLElement).dataset.exchange,
          number: tr.querySelector('td')!.textContent,
          whole: r.top >= head.bottom - 1 && r.bottom <= list.bottom + 1,
        };
      });
    /** Every row that names an exchange: whether it is shown, which exchange it names and the number it shows. */
    const namedRows = () =>
      page.$$eval('.http-table tr[data-exchange]', (trs) =>
        trs.map((tr) => ({ hidden: (tr as HTMLElement).hidden, exchange: (tr as HTMLElement).dataset.exchange, number: tr.querySelector('td')!.textContent })),
      );

    // Scrolled by the scrollbar to the very end: the last rows come in a window of their own.
    await page.locator('.http-list').evaluate((e) => (e.scrollTop = e.scrollHeight));
    const last = page.locator(`.http-table tr[data-exchange="${N - 1}"]:not(.pending)`);
    await last.waitFor();
    assert.equal(await last.locator('td').nth(1).textContent(), `GET /item/${N - 1}`);
    assert.ok((await drawn()) < 100, `${await drawn()} rows in the page at the end`);
    // A pooled row the end leaves spare is hidden and names no exchange (it once showed an earlier one).
    const named = await namedRows();
    assert.deepEqual(
      named.filter((r) => r.hidden),
      [],
      'no hidden row keeps the exchange it showed before',
    );
    for (const r of named) assert.equal(r.number, String(Number(r.exchange) + 1));
    assert.ok(
      windows.every((w) => w.count <= 1000),
      `windows asked: ${JSON.stringify(windows)}`,
    );
    assert.ok(
      windows.some((w) => w.start + w.count >= N),
      'the end came in its own window',
    );
    await last.click();
    await page.locator('.http-body pre.http-text', { hasText: `body ${String(N - 1).padStart(6, '0')}` }).waitFor();
    assert.deepEqual(await selectedOnScreen(), { exchange: String(N - 1), number: String(N), whole: true });
    assert.equal(await page.locator('.http-head-request .http-start').textContent(), `GET /item/${N - 1} HTTP/1.1`);
    await page.screenshot({ path: path.join(SHOTS, '42-http-100k-end-dark.png') });

    await page.locator('.http-list').focus();
    await page.keyboard.press('ArrowUp');
    await page.locator('.http-body pre.http-text', { hasText: `body ${String(N - 2).padStart(6, '0')}` }).waitFor();
    // The middle of the list, by its scrollbar: those rows are fetched, drawn and can be clicked.
    await page.locator('.http-list').evaluate((e) => (e.scrollTop = e.scrollHeight / 2));
    await page.locator(`.http-table tr[data-exchange="${N / 2}"]:not(.pending)`).click();
    await page.locator('.http-body pre.http-text', { hasText: `body ${String(N / 2).padStart(6, '0')}` }).waitFor();
    assert.deepEqual(await selectedOnScreen(), { exchange: String(N / 2), number: String(N / 2 + 1), whole: true });
    await page.keyboard.press('Home');
    await page.locator('.http-body pre.http-text', { hasText: 'body 000000' }).waitFor();
    assert.deepEqual(await selectedOnScreen(), { exchange: '0', number: '1', whole: true });
    await page.keyboard.press('End');
    await page.locator(`.http-table tr.selected[data-exchange="${N - 1}"]:not(.pending)`).waitFor();
    assert.deepEqual(await selectedOnScreen(), { exchange: String(N - 1), number: String(N), whole: true });
    assert.ok((await drawn()) < 100, `${await drawn()} rows in the page after End`);

    // A narrow editor: the fixed columns leave the request at least its 300 px (the table scrolls sideways instead).
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.waitForTimeout(100);
    const requestWidth = await page
      .locator('.http-table th')
      .nth(1)
      .evaluate((th) => th.getBoundingClientRect().width);
    assert.ok(requestWidth >= 299, `the Request column is ${requestWidth} px wide`);
    await page.screenshot({ path: path.join(SHOTS, '43-http-narrow-dark.png') });
  });
});

/** A window of `all` as the worker answers httpMessages (at most its 1,000 per reply). */
function windowOf(all: HttpExchangeView[], m: { start: number; count: number }): Extract<ViewReply, { type: 'httpMessages' }> {
  const start = Math.min(all.length, m.start);
  return { type: 'httpMessages', stream: 0, start, total: all.length, exchanges: all.slice(start, start + Math.min(m.count, 1000)) };
}

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() - t0 > 5000) throw new Error(`timed out waiting for ${probe.toString()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
