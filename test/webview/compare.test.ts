import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchedPage } from './chromium';
import { CompareFakeHost } from './compareFakeHost';
import { ROOT } from './fakeHost';
import type { ThemeName } from './themes';

const A = path.join(ROOT, 'test/fixtures/compare/founding-a.pcap');
const B = path.join(ROOT, 'test/fixtures/compare/founding-b.pcap');
const NAT_A = path.join(ROOT, 'test/fixtures/compare/nat-mss-a.pcap');
const NAT_B = path.join(ROOT, 'test/fixtures/compare/nat-mss-b.pcap');
const SHOTS = path.join(ROOT, '.test-tmp/screenshots/compare');
const rows = '.ctable .crow:not(.phead):not(.pending):not([hidden])';

/** The compare panel's page on the founding pair, answered by the real analysis worker. */
describe('webview: compare panel in headless Chromium (founding pair)', function () {
  this.timeout(90000);
  let browser: Browser;
  let host: CompareFakeHost;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this, 'Compare webview suite');
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.close();
    await host?.close();
    assert.deepEqual(errors.splice(0), [], 'the page logged errors');
  });

  async function open(theme: ThemeName, pair: [string, string] = [A, B], shown = 18): Promise<void> {
    host = await CompareFakeHost.start();
    host.theme = theme;
    await host.compare(...pair);
    page = await watchedPage(browser, { width: 1500, height: 1000 }, errors);
    await host.attach(page);
    await page.goto(host.url);
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, [rows, shown] as const, { timeout: 15000 });
  }

  /** Each drawn row as "A frame|B frame|class|changes". */
  const tableRows = () =>
    page.$$eval(rows, (els) =>
      els
        .filter((r) => !(r as HTMLElement).hidden)
        .sort((x, y) => Number((x as HTMLElement).dataset.pos) - Number((y as HTMLElement).dataset.pos))
        .map((r) => {
          const c = [...r.children].map((x) => x.textContent ?? '');
          const cls = [...r.classList].find((k) => k.startsWith('cls-'))!.slice(4);
          return { a: c[0], b: c[3], aText: c[2], bText: c[5], delay: c[6], cls, changes: c[7], tip: (r as HTMLElement).dataset.tip ?? '' };
        }),
    );

  it('aligns the pairs on one line, the lost packet with an empty A side, the injected RST with an empty B side', async () => {
    await open('dark');
    const r = await tableRows();
    assert.deepEqual(
      r.map((x) => `${x.a}|${x.b}|${x.cls}`),
      ['1|1|matched', '2|2|modified', '3|3|matched', '4|4|matched', '5|5|modified', '6|6|matched', '7|7|matched', '8|8|modified', '9|9|matched']
        .concat(['10|10|matched', '11|11|modified', '12|12|matched', '13|13|matched', '14|14|matched'])
        .concat(['|15|lostBetween', '15||appearedBetween', '16|16|matched', '17|17|matched']),
    );
    const lost = r[14];
    assert.equal(lost.aText, '');
    assert.match(lost.bText, /^10\.88\.0\.2 → 10\.88\.0\.1 HTTP HTTP\/1\.1 200 OK/);
    assert.equal(lost.changes, 'lost between');
    const rst = r[15];
    assert.equal(rst.bText, '');
    assert.match(rst.aText, /\[RST, ACK\]/);
    assert.equal(rst.changes, 'appeared between');
    assert.match(rst.tip, /^Appeared between the points \(from B's side to A's\)/);
    // A matched pair has its one-way delay; an unpaired row has none.
    assert.match(r[0].delay, /^\d+\.\d{3}$/);
    assert.equal(lost.delay, '');
  });

  it("highlights the modified SYN/ACK with the engine's changed fields: TSecr as A and B saw it", async () => {
    await open('dark');
    const synAck = (await tableRows())[1];
    assert.equal(synAck.cls, 'modified');
    assert.equal(
      synAck.changes,
      // B→A: in the order it travelled, B's value first.
      'tcp.options.wscale.shift: 10 (B) → absent (A); tcp.options.sack_perm: 1 (B) → absent (A); tcp.options.timestamp.tsecr: 2680413648 (B) → 2174718965 (A)',
    );
    const bg = await page
      .locator(`${rows}.cls-modified`)
      .first()
      .evaluate((e) => getComputedStyle(e).backgroundColor);
    const plain = await page
      .locator(`${rows}.cls-matched`)
      .first()
      .evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.notEqual(bg, plain, 'a modified row is tinted');
  });

  it('lists the findings on top; a finding goes to its evidence row; a frame number asks the host to reveal it', async () => {
    await open('dark');
    const titles = await page.locator('.compare-findings .finding-title').allTextContents();
    assert.equal(titles.length, 5);
    assert.match(titles[0], /^Forges 1 RST/);
    // The forged RST's evidence is A's frame 15: the row with an empty B side.
    await page.locator('.compare-findings .finding-line').first().click();
    await page.waitForFunction(() => document.querySelector('.ctable .crow.selected')?.children[0].textContent === '15');
    assert.equal(
      await page
        .locator('.ctable .crow.selected')
        .getAttribute('class')
        .then((c) => /cls-appearedBetween/.test(c!)),
      true,
    );
    // The lost-between finding's evidence is B's frame 15.
    await page.locator('.compare-findings .finding-line').nth(1).click();
    await page.waitForFunction(() => document.querySelector('.ctable .crow.selected')?.children[3].textContent === '15');
    await page.locator(`${rows} .ccol3 .frame-link`, { hasText: /^15$/ }).click();
    await page.waitForFunction(() => true);
    const t0 = Date.now();
    while (!host.received.some((m) => m.type === 'reveal') && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(
      host.received.filter((m) => m.type === 'reveal'),
      [{ type: 'reveal', side: 'b', frame: 15 }],
    );
  });

  for (const theme of ['light', 'dark'] as ThemeName[]) {
    it(`draws the picked connection's four-lane ladder (${theme})`, async () => {
      await open(theme);
      const nat = await page.locator('.connection-picker vscode-option').allTextContents();
      assert.equal(nat.length, 3);
      await page.locator('.connection-picker').evaluate((e) => {
        (e as HTMLSelectElement).value = '1';
        e.dispatchEvent(new Event('change'));
      });
      await page.locator('.ladder').waitFor();
      const lanes = await page
        .locator('.ladder .lane-head')
        .evaluateAll((gs) => gs.map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent).join(' ')));
      assert.deepEqual(lanes, ['client 10.88.0.1:60272', 'point A founding-a.pcap', 'point B founding-b.pcap', 'server 10.88.0.2:8081']);
      // The table shows that connection only: nine rows.
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 9, rows);
      const arrows = await page.locator('.ladder .arow-g').evaluateAll((gs) =>
        gs.map((g) => {
          const line = g.querySelector('line.arrow')!;
          return {
            no: g.querySelector('.frame-no')!.textContent,
            kind: ['matched', 'modified', 'lost', 'appeared', 'outside'].find((k) => g.classList.contains(k)),
            x1: Number(line.getAttribute('x1')),
            x2: Number(g.querySelectorAll('line.arrow')[g.querySelectorAll('line.arrow').length - 1].getAttribute('x2')),
            changed: g.querySelectorAll('.arrow.changed').length,
            lostMark: g.querySelectorAll('.lost-mark').length,
            origin: g.querySelectorAll('.origin-mark').length,
            tip: g.getAttribute('data-tip'),
          };
        }),
      );
      const laneX = await page.locator('.ladder line.lane').evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('x1'))));
      assert.equal(laneX.length, 4);
      const [client, pointA, pointB, server] = laneX;
      const between = (pointA + pointB) / 2;
      assert.deepEqual(
        arrows.map((x) => `${x.no} ${x.kind}`),
        [
          '10 | 10 matched',
          '11 | 11 modified',
          '12 | 12 matched',
          '13 | 13 matched',
          '14 | 14 matched',
          '– | 15 lost',
          '15 | – appeared',
          '16 | 16 matched',
          '17 | 17 matched',
        ],
      );
      const lost = arrows[5],
        injected = arrows[6],
        modified = arrows[1];
      // The lost response leaves the server, passes B and stops between the points.
      assert.equal(lost.x1, server);
      assert.ok(Math.abs(lost.x2 - between) < 1, `lost arrow ends at ${lost.x2}, between the points at ${between}`);
      assert.equal(lost.lostMark, 1);
      // The forged RST starts between the points and reaches the client.
      assert.equal(injected.x1, between);
      assert.ok(injected.x2 < pointA && injected.x2 >= client);
      assert.equal(injected.origin, 1);
      // The modified SYN/ACK changes colour between the points.
      assert.equal(modified.changed, 1);
      const colours = await page.locator('.ladder .arow-g.modified line.arrow').evaluateAll((ls) => ls.map((l) => getComputedStyle(l).stroke));
      assert.notEqual(colours[0], colours[1], 'the modified part is drawn in another colour');
      assert.match(injected.tip!, /^Appeared between the points/);
      await page.screenshot({ path: path.join(SHOTS, `compare-${theme}.png`) });
      await page.locator('.ladder').screenshot({ path: path.join(SHOTS, `ladder-${theme}.png`) });
    });
  }

  it("the connection picker gives each connection's NAT mapping (nat-mss pair)", async () => {
    await open('light', [NAT_A, NAT_B], 10);
    const options = await page.locator('.connection-picker vscode-option').allTextContents();
    assert.match(options[1], /^A stream \d+ \/ B stream \d+: 10\.88\.1\.1:59986 ⇄ 10\.88\.2\.2:80 · NAT 10\.88\.1\.1:59986 → 10\.88\.2\.254:6004/);
    assert.ok(options.length > 2 && options.slice(2).every((o) => / · at A only/.test(o)), options.join('\n'));
    await page.locator('.connection-picker').evaluate((e) => {
      (e as HTMLSelectElement).value = '0';
      e.dispatchEvent(new Event('change'));
    });
    await page.waitForFunction(() => document.querySelector('.compare-nat')?.textContent === 'NAT: 10.88.1.1:59986 → 10.88.2.254:6004');
    await page.screenshot({ path: path.join(SHOTS, 'nat-light.png') });
  });
});
