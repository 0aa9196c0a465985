import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FlowView, FollowLineView, PacketRow, RowColor, Severity, ViewToHost } from '../../src/protocol';
import { openCaptureFile } from '../../src/core/capture/openCapture';
import type { DetailNode } from '../../src/core/dissect/detailNode';
import { dissectPacket } from '../../src/core/dissect/dissector';
import { measureTextContrast, resolveColor, type TextContrast } from './contrast';
import { launchChromium, watchedPage } from './chromium';
import { FakeHost, ROOT } from './fakeHost';
import { THEME_VARIABLES, type ThemeName } from './themes';
import { HOSTILE_HOST, HOSTILE_PATH, hostileCapture } from './hostileCapture';
import { repeatAsConversations, repeatCapture } from '../support/repeatCapture';

const FOUNDING = path.join(ROOT, 'test/fixtures/founding-tsecr.pcap');
const HTTP = path.join(ROOT, 'test/fixtures/http-ipv4.pcap');
export const SHOTS = path.join(ROOT, '.test-tmp/screenshots/webview');

const shown = '.players .prow:not([hidden]):not(.pending)';

async function rowNumbers(page: Page): Promise<number[]> {
  return page.$$eval(`${shown} .num`, (cells) => cells.map((c) => Number(c.textContent)));
}

/** The selected row is inside the scroll viewport (not just present in the DOM under the clip). */
async function selectedRowInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const row = document.querySelector('.prow.selected')?.getBoundingClientRect();
    const box = document.querySelector('.pscroll')!.getBoundingClientRect();
    return !!row && row.top >= box.top - 0.5 && row.bottom <= box.bottom + 0.5;
  });
}

/** Polls a condition on the test's side (the fake host's records), up to 5 s. */
async function until(probe: () => boolean): Promise<void> {
  const t0 = Date.now();
  while (!probe()) {
    if (Date.now() - t0 > 5000) throw new Error(`timed out waiting for ${probe.toString()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitRows(page: Page, n: number): Promise<void> {
  await page.waitForFunction(([sel, want]) => document.querySelectorAll(sel as string).length === want, [shown, n] as const, { timeout: 15000 });
}

async function waitRowsAtLeast(page: Page, n: number): Promise<void> {
  await page.waitForFunction(([sel, want]) => document.querySelectorAll(sel as string).length >= (want as number), [shown, n] as const, { timeout: 15000 });
}

/** The founding case repeated `copies` times, timestamps moved 40 s forward each time. */
function repeatedFounding(copies: number): Buffer {
  return repeatCapture(fs.readFileSync(FOUNDING), copies);
}

function findNode(nodes: DetailNode[], field: string): DetailNode | undefined {
  for (const n of nodes) {
    if (n.field === field) return n;
    const c = n.children && findNode(n.children, field);
    if (c) return c;
  }
  return undefined;
}

/** The editor page in headless Chromium with a fake VS Code host backed by the real capture worker. */
describe('webview in headless Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let host: FakeHost;
  let page: Page;
  const errors: string[] = [];

  before(async function () {
    browser = await launchChromium(this, 'webview suite');
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    host = await FakeHost.start();
    page = await watchedPage(browser, { width: 1400, height: 1150 }, errors);
    await host.attach(page);
  });

  afterEach(async () => {
    await page.close();
    await host.close();
    assert.deepEqual(errors.splice(0), [], 'the page logged errors');
  });

  async function openFounding(): Promise<void> {
    await host.openCapture(FOUNDING);
    await page.goto(host.url);
    await waitRows(page, 22);
  }

  it('renders the founding-case rows with Wireshark-like colouring, under the strict CSP', async () => {
    await openFounding();
    assert.deepEqual(
      await rowNumbers(page),
      Array.from({ length: 22 }, (_, k) => k + 1),
    );
    const row = (n: number) => page.locator(`${shown}[data-pos="${n - 1}"]`);
    assert.match((await row(1).textContent())!, /ARP.*Who has 10\.77\.1\.254\? Tell 10\.77\.1\.1/);
    assert.match((await row(4).textContent())!, /10\.77\.2\.2.*10\.77\.1\.1.*TCP.*74.*\[SYN, ACK\].*TSecr=2174718965/);
    assert.match((await row(3).getAttribute('class'))!, /c-synfin/);
    assert.match((await row(5).getAttribute('class'))!, /c-rst/);
    assert.match((await row(1).getAttribute('class'))!, /c-arp/);
    assert.match((await page.locator('.status').textContent())!, /founding-tsecr\.pcap · pcap.* · 22 packets/);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), []);
    await page.screenshot({ path: path.join(SHOTS, '01-table.png') });
  });

  it('row colours keep WCAG AA contrast (4.5:1) in light, dark and high-contrast themes; selection uses the list selection colours', async () => {
    const COLORS: RowColor[] = ['bad', 'rst', 'synfin', 'tcp', 'udp', 'dns', 'http', 'tls', 'icmp', 'icmperr', 'arp', 'other'];
    const MARKS: Array<Severity | undefined> = ['error', 'warning', 'info', undefined];
    const failures: string[] = [];
    const minimum: string[] = [];
    const check = (theme: string, what: string, texts: TextContrast[]) => {
      assert.ok(texts.length > 20, `${theme} ${what}: measured ${texts.length} texts`);
      for (const t of texts)
        if (t.ratio < 4.5)
          failures.push(`${theme} ${what} row ${t.row} (${t.rowClass}) .${t.element} "${t.text}": ${t.ratio.toFixed(2)}:1 (${t.fg} on ${t.bg})`);
      const worst = texts.reduce((a, b) => (b.ratio < a.ratio ? b : a));
      minimum.push(`${theme} ${what}: ${worst.ratio.toFixed(2)}:1 (${worst.rowClass})`);
    };
    const sameColor = async (actual: string, expected: string, what: string) => {
      if (JSON.stringify(await resolveColor(page, actual)) !== JSON.stringify(await resolveColor(page, expected)))
        failures.push(`${what} is ${actual}, not ${expected}`);
    };
    const selectedRow = page.locator('.prow.selected');
    for (const theme of Object.keys(THEME_VARIABLES) as ThemeName[]) {
      const vars = THEME_VARIABLES[theme];
      host.theme = theme;
      // The founding case: the SYN retries are retransmissions ('bad'), then RST, SYN/ACK and ARP rows.
      await openFounding();
      await page.locator(`${shown}[data-pos="3"]`).click(); // the SYN/ACK with the bad TSecr, evidence of an error
      await page.waitForFunction(() => document.querySelector('.prow.selected .num')?.textContent === '4');
      assert.ok(await page.locator('.ptable').evaluate((t) => t.contains(document.activeElement)), 'the table has focus');
      assert.match((await page.locator(`${shown}[data-pos="5"]`).getAttribute('class'))!, /c-bad/, 'frame 6, a SYN retry, is a retransmission');
      check(theme, 'founding (table focused)', await measureTextContrast(page, `${shown}`));
      const bgOf = () => selectedRow.evaluate((e) => getComputedStyle(e).backgroundColor);
      const outlineOf = () =>
        selectedRow.evaluate((e) => {
          const s = getComputedStyle(e);
          return { style: s.outlineStyle, color: s.outlineColor };
        });
      if (vars['list-activeSelectionBackground']) await sameColor(await bgOf(), vars['list-activeSelectionBackground'], `${theme}: the focused selection`);
      else {
        const o = await outlineOf();
        if (o.style === 'none') failures.push(`${theme}: without a selection background the focused selected row has no outline`);
        await sameColor(o.color, vars['list-focusOutline'], `${theme}: the focused selection's outline`);
      }
      await page.screenshot({ path: path.join(SHOTS, `15-rows-${theme}.png`) });
      // The table loses focus: the inactive selection colours.
      await page.locator('vscode-textfield.filter-input input').focus();
      await page.waitForTimeout(50);
      check(theme, 'founding (table unfocused)', await measureTextContrast(page, `${shown}`));
      if (vars['list-inactiveSelectionBackground'])
        await sameColor(await bgOf(), vars['list-inactiveSelectionBackground'], `${theme}: the unfocused selection`);
      else {
        const o = await outlineOf();
        if (o.style === 'none') failures.push(`${theme}: without a selection background the unfocused selected row has no outline`);
        await sameColor(o.color, vars['contrastActiveBorder'], `${theme}: the unfocused selection's outline`);
      }
      // Every colouring class, with every evidence mark and an explained (and a suspicious) option.
      host.synthetic(COLORS.length * MARKS.length);
      host.answer = (m) =>
        m.type !== 'rows'
          ? undefined
          : {
              type: 'rows',
              gen: m.gen,
              start: m.start,
              rows: Array.from({ length: Math.min(m.count, COLORS.length * MARKS.length - m.start) }, (_, j): PacketRow => {
                const k = m.start + j;
                return {
                  packet: k,
                  abs: '',
                  rel: (k / 10).toFixed(6),
                  delta: '0.1',
                  src: '10.0.0.1',
                  dst: '10.0.0.2',
                  protocol: 'TCP',
                  length: 74,
                  info: '80 → 443 [SYN] MSS=1460 TSecr=1',
                  color: COLORS[k % COLORS.length],
                  mark: MARKS[Math.floor(k / COLORS.length)],
                  // Every fifth row marked (Ctrl+M): its inverted colours must keep the contrast too.
                  ...(k % 5 === 2 ? { marked: true } : {}),
                  tips: [
                    { token: 'MSS=1460', tip: 'mss' },
                    { token: 'TSecr=1', tip: 'bad', warn: true },
                  ],
                };
              }),
            };
      await page.goto(host.url);
      await waitRowsAtLeast(page, 15);
      await page.locator(`${shown}[data-pos="1"]`).click();
      check(theme, 'every colouring class', await measureTextContrast(page, `${shown}`));
      await page.screenshot({ path: path.join(SHOTS, `16-row-classes-${theme}.png`) });
      await page.keyboard.press('End'); // the rest of the rows, with the last one selected
      await page.waitForFunction((n) => document.querySelector('.prow.selected .num')?.textContent === n, String(COLORS.length * MARKS.length));
      await page.waitForFunction((sel) => !document.querySelector(sel), '.players .prow.pending:not([hidden])');
      check(theme, 'every colouring class, scrolled', await measureTextContrast(page, `${shown}`));
      // Each colouring class selected, focused and not (a theme without selection colours keeps the row's).
      await page.keyboard.press('Home');
      const selectedTexts: TextContrast[] = [];
      for (let k = 0; k < COLORS.length; k++) {
        await page.waitForFunction((n) => document.querySelector('.prow.selected .num')?.textContent === n, String(k + 1));
        selectedTexts.push(...(await measureTextContrast(page, '.prow.selected')));
        await page.locator('vscode-textfield.filter-input input').focus();
        selectedTexts.push(...(await measureTextContrast(page, '.prow.selected')));
        await page.locator('.ptable').focus();
        await page.keyboard.press('ArrowDown');
      }
      check(theme, 'each class selected', selectedTexts);
      host.answer = undefined;
      await page.evaluate(() => sessionStorage.clear());
    }
    console.log(`      lowest contrast: ${minimum.join('; ')}`);
    assert.deepEqual(failures, [], `text under 4.5:1, or a selection not drawn in the list selection colours:\n${failures.join('\n')}`);
  });

  it('detail tree and hex view highlight each other; TCP options carry tooltips', async () => {
    await openFounding();
    const cap = await openCaptureFile(FOUNDING);
    const tree = dissectPacket(cap, 3);
    cap.close();
    const tsecr = findNode(tree, 'tcp.options.timestamp.tsecr')!;
    const tcpLayer = findNode(tree, 'tcp')!;
    await page.locator(`${shown}[data-pos="3"]`).click();
    await page.locator('.tree-line[data-field="tcp"]').waitFor();
    // Tree → hex: the TCP layer's bytes light up.
    await page.locator('.tree-line[data-field="tcp"]').click();
    assert.equal(await page.locator('.hex-b.hl').count(), tcpLayer.length);
    // Hex → tree: a byte of TSecr selects that field, expanding its parents.
    await page.locator(`.hex-b[data-i="${tsecr.offset + 1}"]`).click();
    const sel = page.locator('.tree-line.selected');
    assert.equal(await sel.textContent(), '▸Timestamp echo reply: 2174718965'.replace('▸', ''));
    assert.equal(await page.locator('.hex-b.hl').count(), 4);
    assert.match((await sel.getAttribute('title'))!, /Timestamps — TCP option kind 8 \(RFC 7323 §3\)/);
    await page.screenshot({ path: path.join(SHOTS, '02-detail-hex.png') });
  });

  it("a reassembled datagram: selecting one of its layers shows its bytes (Wireshark's \"Reassembled IPv4\" tab), the frame's layers the frame's", async () => {
    const file = path.join(path.dirname(FOUNDING), 'fragments.pcap');
    await host.openCapture(file);
    await page.goto(host.url);
    await waitRowsAtLeast(page, 6);
    const cap = await openCaptureFile(file);
    const icmp = dissectPacket(cap, 4).find((n) => n.field === 'icmp')!;
    cap.close();
    await page.locator(`${shown}[data-pos="4"]`).click();
    await page.locator('.tree-line[data-field="icmp"]').waitFor();
    assert.equal(await page.locator('.hex-title').count(), 0);
    await page.locator('.tree-line[data-field="icmp"]').click();
    assert.equal(await page.locator('.hex-title').textContent(), 'Reassembled IPv4 (3008 bytes)');
    assert.equal(await page.locator('.hex-b:not(.hex-pad)').count(), 3008);
    assert.equal(await page.locator('.hex-b.hl').count(), icmp.length);
    await page.screenshot({ path: path.join(SHOTS, '02b-reassembled-hex.png') });
    await page.locator('.tree-line[data-field="ip"]').click();
    assert.equal(await page.locator('.hex-title').count(), 0);
    assert.equal(await page.locator('.hex-b:not(.hex-pad)').count(), 82);
  });

  it('a decrypted TLS record: its plaintext in a second hex pane under the frame\'s (Wireshark\'s "Decrypted TLS" tab), both ways', async () => {
    const file = path.join(path.dirname(FOUNDING), 'tls-keylog.pcap');
    const keyLog = { file: 'tls-keylog.keys', text: fs.readFileSync(path.join(path.dirname(FOUNDING), 'tls-keylog.keys'), 'utf8') };
    for (const theme of ['light', 'dark'] as ThemeName[]) {
      host.theme = theme;
      await host.openCapture(file, keyLog);
      await page.goto(host.url);
      await waitRowsAtLeast(page, 20);
      // Frame 11: the request, decrypted (89 bytes of plaintext); the Info column reads it.
      const row = page.locator(`${shown}[data-pos="10"]`);
      assert.match((await row.textContent())!, /HTTP.*GET \/tls-4441 HTTP\/1\.1/);
      await row.click();
      const line = page.locator('.tree-line[data-field="http.request.line"]');
      await page.locator('.tree-line[data-field="tls.decrypted"]').waitFor({ state: 'attached' });
      const pane = page.locator('.hex-decrypted');
      assert.equal(await pane.isVisible(), true);
      assert.equal(await pane.locator('.hex-title').textContent(), 'Decrypted TLS: Application Data (89 bytes)');
      assert.equal(await pane.locator('.hex-b:not(.hex-pad)').count(), 89);
      // The frame's bytes stay in the first pane.
      assert.equal(await page.locator('.hex:not(.hex-decrypted) .hex-b:not(.hex-pad)').count(), 177);
      // Tree → decrypted bytes: the request line lights up there (and nothing in the frame's pane).
      for (const field of ['tls', 'tls.record', 'tls.decrypted', 'http']) {
        await page.locator(`.tree-line[data-field="${field}"]`).click();
        await page.keyboard.press('ArrowRight');
      }
      await line.click();
      assert.equal(await pane.locator('.hex-b.hl').count(), 'GET /tls-4441 HTTP/1.1\r\n'.length);
      assert.equal(await page.locator('.hex:not(.hex-decrypted) .hex-b.hl').count(), 0);
      assert.equal(await pane.locator('.hex-a.hl').first().textContent(), 'G');
      // Decrypted bytes → tree: a byte of the Host header selects it.
      await pane.locator('.hex-b[data-i="30"]').click();
      assert.match((await page.locator('.tree-line.selected').textContent())!, /Host: example\.test:4441/);
      await page.screenshot({ path: path.join(SHOTS, `02c-decrypted-tls-${theme}.png`) });
      // A frame layer lights the frame's pane again.
      await page.locator('.tree-line[data-field="tcp"]').click();
      assert.ok((await page.locator('.hex:not(.hex-decrypted) .hex-b.hl').count()) > 0);
      assert.equal(await pane.locator('.hex-b.hl').count(), 0);
      // A packet with nothing decrypted has no second pane.
      await page.locator(`${shown}[data-pos="0"]`).click();
      await page.locator('.tree-line[data-field="tcp"]').waitFor();
      await page.waitForFunction(() => (document.querySelector('.hex-decrypted') as HTMLElement).hidden);
    }
  });

  it('filters in the worker, and turns the bar red with the parser message and position', async () => {
    await openFounding();
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('tcp.flags.reset == 1');
    await input.press('Enter');
    await waitRows(page, 6);
    assert.deepEqual(await rowNumbers(page), [5, 8, 11, 16, 19, 22]);
    assert.match((await page.locator('.status').textContent())!, /Displayed: 6 \(27\.3%\)/);
    await input.fill('tcp.flags.reset == 1 && ip.src == 10.77.300.1');
    await input.press('Enter');
    await page.locator('.filterbar.invalid').waitFor();
    assert.equal(await page.locator('.filter-error').textContent(), "'10.77.300.1' is not a valid IPv4 address or a.b.c.d/n block (at character 35)");
    assert.match((await page.locator('.filter-pointer').textContent())!, /\n {34}\^$/);
    await page.screenshot({ path: path.join(SHOTS, '03-filter-error.png') });
    assert.deepEqual(await rowNumbers(page), [5, 8, 11, 16, 19, 22], 'an invalid filter keeps the previous view');
    await input.press('Escape');
    await waitRows(page, 22);
    assert.equal(await page.locator('.filterbar.invalid').count(), 0);
  });

  it('keyboard: arrows, Home/End, Page keys and Ctrl+G go to packet', async () => {
    await openFounding();
    // Selection is drawn on the next animation frame: wait for it rather than read at once.
    const expectSelected = (no: string) => page.waitForFunction((n) => document.querySelector('.prow.selected .num')?.textContent === n, no, { timeout: 5000 });
    await page.locator('.ptable').focus();
    await page.keyboard.press('End');
    await expectSelected('22');
    assert.ok(await selectedRowInView(page), 'End shows the last row');
    await page.keyboard.press('Home');
    await expectSelected('1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expectSelected('3');
    await page.keyboard.press('PageDown');
    await expectSelected('22'); // a page is more than the 22 rows: clamped to the last
    await page.keyboard.press('PageUp');
    await expectSelected('1');
    await page.keyboard.press('Control+g');
    await page.keyboard.type('15');
    await page.keyboard.press('Enter');
    await expectSelected('15');
    await page.locator('.tree-line[data-field="frame"]').waitFor();
    assert.match((await page.locator('.tree-line[data-field="frame"]').textContent())!, /Frame 15: 74 bytes on wire/);
  });

  it('Ctrl+G opens the go-to box once: the echo of the host keybinding keeps the digits typed; the host alone opens it too', async () => {
    await openFounding();
    const box = page.locator('vscode-textfield.goto');
    const expectSelected = (no: string) => page.waitForFunction((n) => document.querySelector('.prow.selected .num')?.textContent === n, no, { timeout: 5000 });
    await page.locator('.ptable').focus();
    // In VS Code the key press also runs pcapInspector.goToPacket, whose openGoto arrives after the digits.
    await page.keyboard.press('Control+g');
    await page.keyboard.type('12');
    host.send({ type: 'openGoto' });
    await page.waitForTimeout(150);
    assert.equal(await box.evaluate((e) => (e as HTMLInputElement).value), '12', 'the echo did not clear the box');
    await page.keyboard.press('Enter');
    await expectSelected('12');
    assert.ok(await box.isHidden());
    // The command from the palette (no key press in the page): the host's message opens the box.
    await page.waitForTimeout(1600);
    host.send({ type: 'openGoto' });
    await box.waitFor({ state: 'visible' });
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await expectSelected('7');
  });

  it('Ctrl+M (the host keybinding) marks the selected packet, inverted like Wireshark; next and previous mark wrap around', async () => {
    await openFounding();
    const expectSelected = (no: string) => page.waitForFunction((n) => document.querySelector('.prow.selected .num')?.textContent === n, no, { timeout: 5000 });
    const markedRows = () => page.evaluate(() => Array.from(document.querySelectorAll('.prow.marked .num')).map((e) => e.textContent));
    await page.locator(`${shown}[data-pos="2"]`).click();
    await expectSelected('3');
    host.send({ type: 'markAction', action: 'toggle' });
    await page.waitForFunction(() => document.querySelectorAll('.prow.marked').length === 1, undefined, { timeout: 5000 });
    await page.locator(`${shown}[data-pos="9"]`).click();
    host.send({ type: 'markAction', action: 'toggle' });
    await page.waitForFunction(() => document.querySelectorAll('.prow.marked').length === 2, undefined, { timeout: 5000 });
    assert.deepEqual(await markedRows(), ['3', '10']);
    // Marked rows invert the editor's colours, whatever the protocol's tint.
    const [bg, fg] = await page.evaluate(() => {
      const r = getComputedStyle(document.querySelector('.prow.marked:not(.selected)')!);
      return [r.backgroundColor, r.color];
    });
    const editor = await page.evaluate(() => [
      getComputedStyle(document.body).getPropertyValue('--vscode-editor-foreground'),
      getComputedStyle(document.body).getPropertyValue('--vscode-editor-background'),
    ]);
    assert.ok(bg !== 'rgba(0, 0, 0, 0)' && bg !== fg, `marked row ${bg} on ${fg} (editor ${editor.join(' / ')})`);
    host.send({ type: 'markAction', action: 'next' });
    await expectSelected('3');
    host.send({ type: 'markAction', action: 'previous' });
    await expectSelected('10');
    host.send({ type: 'markAction', action: 'toggle' });
    await page.waitForFunction(() => document.querySelectorAll('.prow.marked').length === 1, undefined, { timeout: 5000 });
    assert.ok(host.received.some((m) => m.type === 'toggleMark' && m.position === 9));
  });

  it('Ctrl+M right after a reveal marks the revealed packet even before its row has arrived', async () => {
    await openFounding();
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('arp');
    await input.press('Enter');
    await waitRows(page, 4);
    // A slow worker: the rows of the unfiltered view the reveal switches to do not come yet.
    host.hold = (m) => m.type === 'rows';
    host.send({ type: 'intent', intent: { type: 'reveal', frame: 7 } });
    // The reveal cleared the filter and selected position 6, whose row is still on its way.
    await page.waitForFunction(() => (document.querySelector('vscode-textfield.filter-input') as HTMLInputElement | null)?.value === '');
    await page.locator('.prow.pending.selected').waitFor({ timeout: 5000 });
    host.send({ type: 'markAction', action: 'toggle' });
    await page.locator('.notice', { hasText: 'Marked packet 7; 1 marked in all.' }).waitFor({ timeout: 5000 });
    host.release();
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('.prow.marked .num'))
          .map((e) => e.textContent)
          .join() === '7',
      undefined,
      { timeout: 5000 },
    );
  });

  it('keeps filter, selection and time format across a reload of the page (hide/show)', async () => {
    await openFounding();
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('tcp.flags.syn == 1');
    await input.press('Enter');
    await waitRows(page, 12);
    await page.locator(`${shown}[data-pos="3"]`).click();
    await page.locator('vscode-single-select.time-select').evaluate((e) => {
      (e as HTMLSelectElement).value = 'delta';
      e.dispatchEvent(new Event('change'));
    });
    await page.waitForTimeout(300); // state is saved after 100 ms
    await page.reload();
    await waitRows(page, 12);
    assert.equal(await page.locator('.phead .pcell').nth(1).textContent(), 'Time (delta)');
    // Delta to the previous *shown* row: frame 4 (SYN/ACK) follows frame 3 (SYN) by 9.227 ms.
    assert.equal(await page.locator(`${shown}[data-pos="1"] .col1`).textContent(), '0.009227');
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.flags.syn == 1');
    await page.waitForFunction(() => document.querySelector('.prow.selected .num')?.textContent === '7');
  });

  it('hex view: the ASCII column of a short last line lines up with the full lines above', async () => {
    await openFounding();
    await page.locator(`${shown}[data-pos="0"]`).click(); // frame 1: 42 bytes, the last line holds 10
    await page.locator('.hex-line').nth(2).waitFor();
    const lefts = await page.locator('.hex-line .hex-ascii').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    assert.equal(lefts.length, 3);
    assert.ok(Math.abs(lefts[2] - lefts[0]) < 0.5 && Math.abs(lefts[1] - lefts[0]) < 0.5, `ASCII columns start at ${lefts.join(', ')}`);
  });

  it('an empty capture says so; counts agree with their nouns (0 packets, 1 packet, 1 flow, 1 finding)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-counts-'));
    const bytes = fs.readFileSync(FOUNDING);
    const open = async (name: string, data: Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, data);
      await host.openCapture(file);
      await page.goto(host.url);
    };
    // The pcap header alone: a capture with no packets.
    await open('empty.pcap', bytes.subarray(0, 24));
    await page.locator('.ptable-empty', { hasText: 'This capture holds no packets.' }).waitFor();
    assert.match((await page.locator('.status').textContent())!, /empty\.pcap · pcap.* · 0 packets/);
    await page.screenshot({ path: path.join(SHOTS, '20-empty-capture.png') });
    // The header and the first record (an ARP request): one packet, no conversation, no finding.
    await open('one.pcap', bytes.subarray(0, 24 + 16 + bytes.readUInt32LE(24 + 8)));
    await page.locator('.status', { hasText: '0 findings' }).waitFor();
    assert.match((await page.locator('.status').textContent())!, /one\.pcap · pcap.* · 1 packet · .*0 flows · 0 findings$/);
    assert.ok(await page.locator('.ptable-empty').isHidden());
    await open('founding.pcap', bytes);
    await page.locator('.status', { hasText: 'finding' }).waitFor();
    assert.match((await page.locator('.status').textContent())!, / · 22 packets · 31\.394840000 s · 1 flow · 1 finding$/);
    // A filter that matches nothing says that, not that the capture is empty.
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('udp');
    await input.press('Enter');
    await page.locator('.ptable-empty', { hasText: 'No packet matches the filter udp.' }).waitFor();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ResizeObserver callbacks change no layout (the page defers it a frame), and a loop notice is not sent to the host as an error', async () => {
    // Every ResizeObserver of the page, instrumented: DOM or style changes made inside its callback
    // are what makes Chromium report "ResizeObserver loop completed with undelivered notifications".
    await page.addInitScript(`(() => {
      const Native = window.ResizeObserver;
      window.__roChanges = [];
      window.ResizeObserver = class extends Native {
        constructor(callback) {
          super((entries, observer) => {
            const watch = new MutationObserver(() => {});
            watch.observe(document, { attributes: true, childList: true, characterData: true, subtree: true });
            try { callback(entries, observer); } finally {
              const changes = watch.takeRecords();
              watch.disconnect();
              if (changes.length) window.__roChanges.push(changes.slice(0, 2).map((r) => r.type + ' ' + (r.attributeName || '') + ' on .' + (r.target.className || r.target.nodeName)).join(', '));
            }
          });
        }
      };
    })()`);
    await openFounding();
    host.send({ type: 'intent', intent: { type: 'reveal', frame: 4 } });
    await page.locator('.side-pane .arow-g.selected[data-frame="4"]').waitFor();
    const sizes = [
      [1000, 700],
      [1400, 1150],
      [760, 560],
      [2400, 900],
      [900, 1000],
      [1400, 1150],
    ];
    for (const tab of ['Packets', 'Flows', 'Findings', 'Packets']) {
      await page.locator('vscode-tab-header', { hasText: tab }).click();
      if (tab === 'Findings') await page.locator('.findings-list .finding-line').first().click();
      for (const [width, height] of sizes) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(40);
      }
    }
    await page.waitForTimeout(200);
    const changes = await page.evaluate(() => (window as unknown as { __roChanges: string[] }).__roChanges);
    assert.deepEqual([...new Set(changes)], [], 'layout changed inside ResizeObserver callbacks');
    // The notice itself (VS Code's Chromium may still raise it, e.g. from a component's own observer)
    // is harmless: it must not land in the output channel as an error.
    await page.evaluate(() => window.dispatchEvent(new ErrorEvent('error', { message: 'ResizeObserver loop completed with undelivered notifications.' })));
    await page.waitForTimeout(100);
    assert.deepEqual(
      host.received.filter((m) => m.type === 'log' && m.level === 'error'),
      [],
      'errors sent to the output channel',
    );
  });

  it('shows hostile payload text as text: markup and scripts never become elements or run', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-xss-')), 'hostile.pcap');
    fs.writeFileSync(file, hostileCapture());
    await host.openCapture(file);
    await page.goto(host.url);
    await waitRows(page, 4);
    const info = await page.locator(`${shown}[data-pos="3"] .col6`).textContent();
    assert.ok(info!.includes(HOSTILE_PATH), `Info shows the markup as text: ${info}`);
    await page.locator(`${shown}[data-pos="3"]`).click();
    await page.locator('.tree-line[data-field="http"]').click();
    await page.keyboard.press('ArrowRight');
    const treeText = await page.locator('.tree').textContent();
    assert.ok(treeText!.includes(HOSTILE_HOST), 'the Host header shows as text');
    assert.equal(await page.locator('img, b, script:not([src])').count(), 0, 'no element was made from packet text');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    await page.screenshot({ path: path.join(SHOTS, '04-hostile-text.png') });
    // The Follow view draws the same payload, and its find marks part of a line: still text only.
    await page.keyboard.press('Control+Alt+Shift+T');
    await page.locator('.fline.client', { hasText: HOSTILE_PATH }).waitFor();
    await page.locator('.fline.client', { hasText: `Host: ${HOSTILE_HOST}` }).waitFor();
    const find = page.locator('vscode-textfield.follow-find input');
    await find.fill('<script>');
    await find.press('Enter');
    await page.locator('mark.follow-match', { hasText: '<script>' }).waitFor();
    await choose('.follow-format', 'utf8');
    await page.locator('.fline.client', { hasText: '<b onmouseover=alert(1)>x</b>' }).waitFor();
    assert.equal(await page.locator('img, b, script:not([src])').count(), 0, 'no element was made from the followed text');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('Flows tab: the founding-case conversation; selecting it filters to its stream and draws its diagram', async () => {
    await openFounding();
    await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
    const row = page.locator('.flows-list tbody tr[data-stream="tcp:0"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 6), ['TCP 0', '10.77.1.1:35034', '10.77.2.2:8080', 'RSTO', 'handshake-reset-by-client', '12 / 6']);
    assert.match(cells[9], /✖1/, 'one error finding names the stream');
    await row.click();
    await page.locator('.analysis-pane .diagram-title', { hasText: 'TCP stream 0: 10.77.1.1:35034 → 10.77.2.2:8080' }).waitFor();
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream == 0');
    await page.locator('.status', { hasText: 'Displayed: 18' }).waitFor();
    assert.equal(await page.locator('.analysis-pane .ladder .arow-g').count(), 18, 'one arrow per packet of the stream (frames 3–22 but the ARPs)');
    await page.screenshot({ path: path.join(SHOTS, '06-flows-diagram.png') });
    // The tab and the diagram survive hiding and showing the editor.
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('.analysis-pane .diagram-title', { hasText: 'TCP stream 0' }).first().waitFor({ state: 'visible' });
  });

  it('Findings tab: the TSecr mismatch first, explanation and fixes unfold, evidence selected, diagram marks the bad TSecr', async () => {
    await openFounding();
    await page.locator('vscode-tab-header', { hasText: 'Findings' }).click();
    const first = page.locator('.findings-list .finding').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-rule'), 'tcp.handshake.tsecr-mismatch');
    assert.match((await first.locator('.finding-line').textContent())!, /✖.*echoes TSecr 2174718965.*tcp\.handshake\.tsecr-mismatch.*stream 0/);
    await first.locator('.finding-line').click();
    const body = first.locator('.finding-body');
    await body.waitFor({ state: 'visible' });
    assert.match((await body.locator('.explanation').textContent())!, /RFC 7323/);
    assert.match((await body.locator('.fixes').textContent())!, /sysctl net\.ipv4\.tcp_timestamps = 0/);
    assert.deepEqual(await body.locator('.frame-link').allTextContents(), ['3', '4', '5', '6']);
    // The diagram of the stream: SYN → SYN/ACK (bad TSecr, marked and explained) → RST, with the backoff written beside.
    const diagram = page.locator('.analysis-pane:has(.findings-list) .ladder');
    await diagram.waitFor();
    const bad = diagram.locator('.arow-g[data-frame="4"] .tok.warn', { hasText: 'TSecr=2174718965' });
    assert.equal(await bad.count(), 1);
    assert.match((await bad.getAttribute('data-tip'))!, /TSecr 2174718965 does not echo the SYN's TSval 340731516 \(frame 3\)/);
    assert.equal(await diagram.locator('.lane-head.middle').count(), 1, 'the inferred middlebox lane');
    assert.match((await diagram.locator('.arow-g[data-frame="5"]').textContent())!, /\[RST\].*echoes TSecr 2174718965/);
    assert.match((await diagram.locator('.arow-g[data-frame="5"]').getAttribute('class'))!, /warn.*rst|rst.*warn/);
    const retries = await diagram.locator('.note', { hasText: 'SYN retry' }).allTextContents();
    assert.deepEqual(
      retries.map((t) => Math.round(Number(/\+([\d.]+) s/.exec(t)![1]))),
      [1, 2, 4, 8, 16],
    );
    await page.screenshot({ path: path.join(SHOTS, '07-findings-diagram.png') });
    await bad.hover();
    await page.locator('.tip', { hasText: 'does not echo the SYN' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(SHOTS, '08-diagram-tooltip.png') });
    // An evidence frame opens the Packets tab on that packet, the diagram beside the table.
    await body.locator('.frame-link', { hasText: '4' }).click();
    await page.waitForFunction(() => document.querySelector('.prow.selected .num')?.textContent === '4');
    await page.locator('.side-pane .arow-g.selected[data-frame="4"]').waitFor();
    assert.equal(await page.locator(`${shown}.evidence`).count(), 4, 'the evidence packets are marked in the table');
    await page.screenshot({ path: path.join(SHOTS, '09-packets-with-diagram.png') });
  });

  it('Findings tab: every fix is an action (add the sysctl setting, copy a command, apply a filter, open a link), a shared cost stated once', async () => {
    await openFounding();
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('arp');
    await input.press('Enter');
    await waitRows(page, 4);
    await page.locator('vscode-tab-header', { hasText: 'Findings' }).click();
    const first = page.locator('.findings-list .finding').first();
    await first.locator('.finding-line').click();
    const body = first.locator('.finding-body');
    await body.waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(SHOTS, '17-finding-fix-actions.png') });
    const sent = (type: string) => host.received.filter((m) => m.type === type);
    // The sysctl fix: the Problems side's "add it to a sysctl file" quick fix, through the host.
    await body.locator('.fix-sysctl vscode-button', { hasText: 'Add to a sysctl file' }).click();
    await until(() => sent('addSysctlSetting').length === 1);
    const add = sent('addSysctlSetting')[0] as Extract<ViewToHost, { type: 'addSysctlSetting' }>;
    assert.deepEqual([add.key, add.value], ['net.ipv4.tcp_timestamps', '0']);
    assert.match(add.comment, /^Added by PCAP Inspector: Disable TCP timestamps on the client/);
    // Commands are copied by the host (a webview has no clipboard of VS Code's).
    await body.locator('.fix-command', { hasText: 'Apply now' }).locator('vscode-button', { hasText: 'Copy' }).click();
    await body.locator('.fix-command', { hasText: 'Persist across reboots' }).locator('vscode-button', { hasText: 'Copy' }).click();
    await until(() => sent('copyText').length === 2);
    assert.deepEqual(
      sent('copyText').map((m) => (m as Extract<ViewToHost, { type: 'copyText' }>).text),
      [
        'sudo sysctl -w net.ipv4.tcp_timestamps=0',
        "echo 'net.ipv4.tcp_timestamps = 0' | sudo tee /etc/sysctl.d/90-tcp-timestamps.conf && sudo sysctl --system",
      ],
    );
    // Documents and references open in the browser, through the host.
    await body.locator('.fix-doc button.link', { hasText: 'RFC 7323 §3.2' }).click();
    await body.locator('.refs button.link').first().click();
    await until(() => sent('openLink').length === 2);
    assert.deepEqual(
      sent('openLink').map((m) => (m as Extract<ViewToHost, { type: 'openLink' }>).url),
      ['https://www.rfc-editor.org/rfc/rfc7323#section-3.2', 'https://www.rfc-editor.org/rfc/rfc7323#section-3.2'],
    );
    // The cost the setting and its two commands share is written out once.
    const costs = await body.locator('.fix-cost').allTextContents();
    assert.equal(costs.filter((c) => /Turns off RFC 7323 timestamps/.test(c)).length, 1, costs.join('\n'));
    assert.equal(costs.filter((c) => /same as above/.test(c)).length, 2);
    // The filter fix replaces the filter in the bar and shows the packets.
    await body.locator('.fix-filter vscode-button', { hasText: 'Apply filter' }).click();
    await page.locator('.status', { hasText: 'Displayed: 18' }).waitFor();
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream == 0');
    assert.equal(await page.locator('vscode-tabs').evaluate((t) => (t as unknown as { selectedIndex: number }).selectedIndex), 0, 'the Packets tab shows them');
  });

  it('opening a finding or a flow replaces a stale filter with its own (no udp.stream left over a TCP finding)', async () => {
    await openFounding();
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('udp.stream == 0');
    await input.press('Enter');
    await page.locator('.status', { hasText: 'Displayed: 0' }).waitFor();
    await page.locator('vscode-tab-header', { hasText: 'Findings' }).click();
    await page.locator('.findings-list .finding-line').first().click();
    await page.locator('.status', { hasText: 'Displayed: 18' }).waitFor();
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream == 0');
    await page.locator('vscode-tab-header', { hasText: 'Packets' }).click();
    await page.waitForFunction(() => document.querySelector('.prow.selected .num')?.textContent === '3', undefined, { timeout: 5000 });
    assert.equal(await page.locator('.notice:not([hidden])').count(), 0, 'no "not displayed by the current filter" notice');
  });

  it('Info column and detail tree explain TCP options in context; analysis marks and tags rows', async () => {
    await openFounding();
    const synAck = page.locator(`${shown}[data-pos="3"]`);
    const tsecr = synAck.locator('.opt.warn');
    await tsecr.waitFor();
    assert.equal(await tsecr.textContent(), 'TSecr=2174718965');
    assert.match(
      (await tsecr.getAttribute('data-tip'))!,
      /^Timestamps — TCP option kind 8 \(RFC 7323 §3\), 10 bytes\nTSecr 2174718965 does not echo the SYN's TSval 340731516 \(frame 3\)/,
    );
    assert.equal(await synAck.locator('.mark').textContent(), '✖', 'evidence of an error finding');
    assert.match(
      (await page.locator(`${shown}[data-pos="2"] .opt`, { hasText: 'MSS=1460' }).getAttribute('data-tip'))!,
      /1460 \+ 40 bytes of headers = 1500-byte packets/,
    );
    await tsecr.hover();
    await page.locator('.tip', { hasText: 'does not echo' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(SHOTS, '10-info-option-tooltip.png') });
    await synAck.click();
    const line = page.locator('.tree-line[data-field="tcp.options.timestamp.tsecr"]');
    await line.waitFor({ state: 'attached' });
    assert.match((await line.getAttribute('title'))!, /does not echo the SYN's TSval 340731516 \(frame 3\)/);
    // tcp.analysis.* filters and Info tags work once the analysis has run.
    await host.openCapture(path.join(ROOT, 'test/fixtures/loss.pcap'));
    await page.reload();
    await page.locator('.status', { hasText: 'loss.pcap' }).waitFor();
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('tcp.analysis.retransmission');
    await input.press('Enter');
    await page.locator('.status', { hasText: 'Displayed: ' }).waitFor();
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 0, shown);
    assert.match((await page.locator(`${shown} .col6`).first().textContent())!, /^\[TCP (Fast |Spurious )?Retransmission\]/);
    // Its detail tree has Wireshark's [SEQ/ACK analysis] with the expert note, as tshark -V prints it.
    await page.locator(shown).first().click();
    const seqAck = page.locator('.tree-line[data-field="tcp.analysis"]');
    await seqAck.waitFor({ state: 'attached' });
    await page.locator('.tree-line[data-field="tcp"]').click();
    await page.keyboard.press('ArrowRight');
    await seqAck.click();
    await page.keyboard.press('ArrowRight');
    await page.locator('.tree-line[data-field="tcp.analysis.flags"]').click();
    await page.keyboard.press('ArrowRight');
    const note = page.locator('.tree-line[data-field="tcp.analysis.retransmission"]');
    await note.waitFor();
    assert.equal(await note.textContent(), '[Expert Info (Note/Sequence): This frame is a (suspected) retransmission]');
    assert.match((await page.locator('.tree-line[data-field="tcp.analysis.bytes_in_flight"]').textContent())!, /^\[Bytes in flight: \d+\]$/);
    await page.screenshot({ path: path.join(SHOTS, '14-seq-ack-analysis.png') });
    await input.fill('');
    await input.press('Enter');
  });

  it('flows and findings show hostile text as text', async () => {
    await openFounding();
    const evil = '<img src=x onerror="window.__xss=3">';
    const flows = [
      {
        transport: 'tcp',
        stream: 0,
        client: `${evil}:1`,
        server: '<script>window.__xss=4</script>',
        clientBy: 'syn',
        outcome: 'closed',
        packets: { client: 1, server: 1 },
        bytes: { client: 1, server: 1 },
        payload: { client: 0, server: 0 },
        start: '0',
        duration: 0,
        firstFrame: 1,
        lastFrame: 2,
        findings: 1,
        worst: 'warning',
      },
    ] satisfies FlowView[];
    host.answer = (m) => (m.type === 'flows' ? { type: 'flows', sort: m.sort, start: 0, total: 1, flows } : undefined);
    host.send({
      type: 'analysis',
      analysis: {
        status: 'ready',
        flowCount: 1,
        findings: [
          {
            rule: 'tcp.rst.injected',
            severity: 'warning',
            title: `Title ${evil}`,
            explanation: `Explained <b onmouseover=alert(1)>x</b> ${evil}`,
            confidence: 'low',
            streams: [0],
            packets: [1],
            count: 1,
            fixes: [{ title: `Fix ${evil}`, action: { kind: 'command', command: `echo ${evil}` }, cost: '<i>none</i>' }],
            references: ['<a href=javascript:alert(1)>ref</a>'],
          },
        ],
      },
    });
    await page.locator('vscode-tab-header', { hasText: 'Findings' }).click();
    await page.locator('.finding-line', { hasText: 'Title <img' }).click();
    await page.locator('.finding-body .fix-action', { hasText: `echo ${evil}` }).waitFor();
    assert.match((await page.locator('.finding-body').textContent())!, /Explained <b onmouseover=alert\(1\)>x<\/b>/);
    await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
    await page.locator('.flows-list td', { hasText: '<script>window.__xss=4</script>' }).waitFor();
    assert.equal(await page.locator('.flows-list td', { hasText: '<script>window.__xss=4</script>' }).count(), 1);
    assert.equal(await page.locator('img, b, i, a, script:not([src])').count(), 0, 'no element was made from analysis text');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    await page.screenshot({ path: path.join(SHOTS, '11-hostile-findings.png') });
  });

  it('commands: reveal selects a packet (clearing a filter that hides it) with its diagram; showStream opens the flow', async () => {
    await openFounding();
    const input = page.locator('vscode-textfield.filter-input input');
    await input.fill('arp');
    await input.press('Enter');
    await waitRows(page, 4);
    host.send({ type: 'intent', intent: { type: 'reveal', frame: 7 } });
    await page.waitForFunction(() => document.querySelector('.prow.selected .num')?.textContent === '7');
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), '');
    await page.locator('.side-pane .arow-g.selected[data-frame="7"]').waitFor();
    host.send({ type: 'intent', intent: { type: 'showStream', stream: 0 } });
    await page.locator('.flows-list tr.selected[data-stream="tcp:0"]').waitFor();
    await page.locator('.status', { hasText: 'Displayed: 18' }).waitFor();
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream == 0');
  });

  it('the diagram beside the table resizes by its edge (mouse and keys), never over the columns of the table, and keeps its width across hide/show', async () => {
    await openFounding();
    host.send({ type: 'intent', intent: { type: 'reveal', frame: 4 } });
    const pane = page.locator('.side-pane');
    await page.locator('.side-pane .arow-g.selected[data-frame="4"]').waitFor();
    const width = async () => (await pane.boundingBox())!.width;
    const drag = async (dx: number) => {
      const sash = (await page.locator('.pane-sash').boundingBox())!;
      await page.mouse.move(sash.x + 3, sash.y + 200);
      await page.mouse.down();
      await page.mouse.move(sash.x + 3 + dx, sash.y + 200, { steps: 5 });
      await page.mouse.up();
    };
    // The pane's default share (44%) would squeeze the table's columns: it yields to them.
    const w0 = await width();
    assert.ok(w0 < 1400 * 0.44 - 20 && w0 >= 320, `the pane yields to the table: ${w0}px`);
    await drag(100);
    const w1 = await width();
    assert.ok(Math.abs(w1 - (w0 - 100)) < 6, `dragged from ${w0} to ${w1}`);
    await page.locator('.pane-sash').focus();
    await page.keyboard.press('ArrowLeft');
    const w2 = await width();
    assert.ok(Math.abs(w2 - (w1 + 24)) < 2, `← widens by one step: ${w1} → ${w2}`);
    // Never wider than the table's columns leave, never narrower than its minimum.
    await drag(-2000);
    assert.ok(Math.abs((await width()) - w0) < 2, `dragged far left: ${await width()} (the columns leave ${w0})`);
    await drag(2000);
    assert.equal(Math.round(await width()), 320);
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('.side-pane .ladder').waitFor();
    assert.equal(Math.round((await page.locator('.side-pane').boundingBox())!.width), 344, 'the width survives a reload');
  });

  it('a narrow window with the diagram open: the pane yields first, Info keeps 40 characters, no number is cut off (packets and flows)', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await host.openCapture(FOUNDING);
    await page.goto(host.url);
    await waitRowsAtLeast(page, 10);
    host.send({ type: 'intent', intent: { type: 'reveal', frame: 4 } });
    await page.locator('.side-pane .arow-g.selected[data-frame="4"]').waitFor();
    await page.waitForTimeout(100);
    /** Widths in characters of the table's font: Info's visible width, and the number cells that do not fit. */
    const measure = () =>
      page.evaluate(() => {
        const table = document.querySelector('.ptable')!;
        const probe = document.createElement('span');
        probe.textContent = '0'.repeat(40);
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
        document.querySelector('.players .pcell')!.append(probe);
        const ch = probe.getBoundingClientRect().width / 40;
        probe.remove();
        const box = table.getBoundingClientRect();
        const info = document.querySelector('.players .prow:not([hidden]) .col6')!;
        const r = info.getBoundingClientRect();
        const clipped = Array.from(document.querySelectorAll('.players .prow:not([hidden]) :is(.num, .col1, .col5)'))
          .filter((c) => c.scrollWidth > c.clientWidth)
          .map((c) => c.textContent);
        return {
          infoChars: r.width / ch,
          infoVisibleChars: (Math.min(r.right, box.right) - Math.max(r.left, box.left)) / ch,
          pane: document.querySelector('.side-pane')!.getBoundingClientRect().width,
          clipped,
        };
      });
    const wide = await measure();
    assert.ok(wide.infoVisibleChars >= 40, `Info shows ${wide.infoVisibleChars.toFixed(1)} characters beside a ${wide.pane}px pane`);
    assert.deepEqual(wide.clipped, [], 'packet table cells cut off');
    assert.ok(wide.pane >= 320 && wide.pane < 1280 * 0.44, `the pane yielded: ${wide.pane}px`);
    await page.screenshot({ path: path.join(SHOTS, '18-narrow-with-diagram.png') });
    // Narrower than the columns and the pane's minimum: the pane stays at its minimum, the table scrolls sideways.
    await page.setViewportSize({ width: 900, height: 900 });
    await page.waitForTimeout(200);
    const narrow = await measure();
    assert.equal(Math.round(narrow.pane), 320);
    assert.ok(narrow.infoChars >= 40, `Info is ${narrow.infoChars.toFixed(1)} characters wide`);
    assert.deepEqual(narrow.clipped, [], 'packet table cells cut off');
    assert.ok(await page.locator('.ptable').evaluate((t) => t.scrollWidth > t.clientWidth), 'the table scrolls sideways');
    // Flows: numbers are never cut off; the table scrolls sideways when the window is too narrow.
    for (const w of [1280, 900]) {
      await page.setViewportSize({ width: w, height: 900 });
      await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
      await page.locator('.flows-list tbody tr[data-stream="tcp:0"]').waitFor();
      await page.waitForTimeout(100);
      const cut = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.flows-list :is(td.num, th)'))
          .filter((c) => c.scrollWidth > c.clientWidth)
          .map((c) => c.textContent),
      );
      assert.deepEqual(cut, [], `flows cells cut off at ${w}px`);
      await page.screenshot({ path: path.join(SHOTS, `19-flows-${w}px.png`) });
      await page.locator('vscode-tab-header', { hasText: 'Packets' }).click();
    }
  });

  it('streams rows in while a large capture is read, and Cancel keeps what was read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-big-'));
    const file = path.join(dir, 'big.pcap');
    fs.writeFileSync(file, repeatedFounding(50_000)); // 1.1 million packets
    await page.goto(host.url);
    // Cancel as soon as the first streamed row window reaches the page: it was read before the end.
    host.onStreamedRows = () => host.cancel();
    await host.openCapture(file);
    assert.ok(host.rowsBeforeLoaded > 0, 'rows were served before the file was read');
    await page.locator('.notice', { hasText: 'Reading was cancelled' }).waitFor();
    await page.waitForFunction(() => /^big\.pcap · .* · \d+ packets/.test(document.querySelector('.status')?.textContent ?? ''));
    const packets = Number(/ · (\d+) packets/.exec((await page.locator('.status').textContent())!)![1]);
    assert.ok(packets > 0 && packets < 1_100_000, `kept ${packets} packets`);
    await waitRowsAtLeast(page, 10);
    assert.deepEqual((await rowNumbers(page)).slice(0, 3), [1, 2, 3]);
    await page.screenshot({ path: path.join(SHOTS, '12-cancelled-load.png') });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Flows tab stays virtual on thousands of real flows: sorts in the worker, keys page through, selection survives a re-sort', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcapi-flows-'));
    const file = path.join(dir, 'many-flows.pcap');
    fs.writeFileSync(file, repeatAsConversations(fs.readFileSync(FOUNDING), 3000, 35034)); // 3000 conversations, 66,000 packets
    await host.openCapture(file);
    await page.goto(host.url);
    await waitRowsAtLeast(page, 10);
    await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
    const flowRows = '.flows-list tbody tr.frow:not([hidden]):not(.pending)';
    await page.locator(`${flowRows}[data-stream="tcp:0"]`).waitFor();
    assert.ok((await page.locator('.flows-list tbody tr.frow').count()) < 80, 'row elements stay a small pool');
    const requested = () => host.received.filter((m) => m.type === 'flows').reduce((n, m) => n + (m.type === 'flows' ? m.count : 0), 0);
    assert.ok(requested() < 400, `only windows were asked for (${requested()} flows of 3000)`);
    await page.locator('.flows-list tbody tr.frow').first().click();
    await page.locator('.status', { hasText: 'Displayed: 18' }).waitFor();
    // The latest choice wins: Home while End's rows are still on their way keeps the first flow.
    host.hold = (m) => m.type === 'flows';
    await page.keyboard.press('End');
    await page.waitForTimeout(100);
    await page.keyboard.press('Home');
    host.release();
    await page.locator('.flows-list tr.frow[data-stream="tcp:0"]').waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream == 0');
    assert.equal(await page.locator('.flows-list tr.selected').getAttribute('data-stream'), 'tcp:0');
    // End: the last conversation, fetched on demand.
    await page.keyboard.press('End');
    await page.locator('.flows-list tr.selected[data-stream="tcp:2999"]').waitFor();
    // Selecting it filters the packets to its stream.
    await page.waitForFunction(() => (document.querySelector('vscode-textfield.filter-input') as HTMLInputElement | null)?.value === 'tcp.stream == 2999');
    await page.locator('.status', { hasText: 'Displayed: 18' }).waitFor();
    // Sort by duration, longest first: the worker orders all 3000, the selected flow stays selected.
    await page.locator('.flows-list th[data-key="duration"]').click();
    await page.locator('.flows-list th[data-key="duration"][aria-sort="descending"]').waitFor();
    await page.locator('.flows-list tr.selected[data-stream="tcp:2999"]').waitFor();
    await page.locator('.flows-list th[data-key="client"]').click();
    await page.locator('.flows-list th[data-key="client"][aria-sort="ascending"]').waitFor();
    await page.locator('.flows-list th[data-key="stream"]').click();
    await page.locator('.flows-list th[data-key="stream"]').click();
    await page.locator(`.flows-list th[data-key="stream"][aria-sort="descending"]`).waitFor();
    await page.locator('.flows-list').evaluate((e) => {
      e.scrollTop = 0;
    });
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-stream') === 'tcp:2999', flowRows);
    await page.screenshot({ path: path.join(SHOTS, '13-many-flows-sorted.png') });
    // The order survives hiding and showing the editor.
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
    await page.locator('.flows-list th[data-key="stream"][aria-sort="descending"]').waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-stream') === 'tcp:2999', flowRows);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Flows tab with a million conversations: End, arrows and Page keys keep the selected flow on screen', async () => {
    await openFounding();
    const N = 1_000_000;
    const flow = (k: number): FlowView => ({
      transport: 'tcp',
      stream: k,
      client: `10.0.${(k >> 8) & 255}.${k & 255}:40000`,
      server: '10.9.9.9:443',
      clientBy: 'syn',
      state: 'S0',
      outcome: 'no-answer',
      packets: { client: 3, server: 0 },
      bytes: { client: 180, server: 0 },
      payload: { client: 0, server: 0 },
      start: '0',
      duration: 3,
      firstFrame: 1,
      lastFrame: 3,
      findings: 0,
    });
    host.answer = (m) =>
      m.type === 'flows'
        ? {
            type: 'flows',
            sort: m.sort,
            start: m.start,
            total: N,
            flows: Array.from({ length: Math.max(0, Math.min(m.count, N - m.start)) }, (_, j) => flow(m.start + j)),
          }
        : m.type === 'flowPosition'
          ? { type: 'flowPosition', sort: m.sort, transport: m.transport, stream: m.stream, position: m.stream }
          : undefined;
    host.send({ type: 'analysis', analysis: { status: 'ready', flowCount: N, findings: [] } });
    await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
    await page.locator('.flows-list tr.frow[data-stream="tcp:0"]').click();
    const inView = () =>
      page.evaluate(() => {
        const row = document.querySelector('.flows-list tr.selected')?.getBoundingClientRect();
        const box = document.querySelector('.flows-list')!.getBoundingClientRect();
        const head = document.querySelector('.flows-list thead')!.getBoundingClientRect();
        return !!row && row.top >= head.bottom - 0.5 && row.bottom <= box.bottom + 0.5;
      });
    const expect = async (key: string, stream: number) => {
      await page.keyboard.press(key);
      await page.locator(`.flows-list tr.selected[data-stream="tcp:${stream}"]`).waitFor();
      await page.waitForTimeout(50);
      assert.ok(await inView(), `after ${key} flow ${stream} is on screen`);
    };
    await expect('End', N - 1);
    await expect('ArrowUp', N - 2);
    const page1 = await page.evaluate(() => {
      const list = document.querySelector('.flows-list')!;
      return Math.floor((list.clientHeight - document.querySelector('.flows-list thead')!.getBoundingClientRect().height) / 22) - 1;
    });
    await expect('PageUp', N - 2 - page1);
    for (let k = 0; k < 30; k++) await page.keyboard.press('ArrowUp');
    await expect('ArrowUp', N - 2 - page1 - 31);
    await expect('Home', 0);
    assert.ok((await page.locator('.flows-list tbody tr.frow').count()) < 80, 'row elements stay a small pool');
    // Halfway down the scrollbar is around flow 500,000.
    await page.locator('.flows-list').evaluate((e) => {
      e.scrollTop = (e.scrollHeight - e.clientHeight) / 2;
    });
    await page.waitForFunction(() => {
      const n = Number(document.querySelector('.flows-list tr.frow:not([hidden]):not(.pending)')?.getAttribute('data-stream')?.slice(4));
      return n > 490_000 && n < 510_000;
    });
  });

  it('keeps the selected row on screen when keys move it past the viewport (1000 rows)', async () => {
    host.synthetic(1000);
    await page.goto(host.url);
    await page.waitForFunction(() => document.querySelectorAll('.players .prow:not([hidden]):not(.pending)').length > 10);
    await page.locator('.ptable').focus();
    for (const [key, no] of [
      ['End', '1000'],
      ['Home', '1'],
      ['PageDown', ''],
      ['PageDown', ''],
      ['ArrowUp', ''],
      ['End', '1000'],
      ['ArrowUp', '999'],
    ] as const) {
      await page.keyboard.press(key);
      if (no) await page.waitForFunction((n) => document.querySelector('.prow.selected .num')?.textContent === n, no);
      await page.waitForTimeout(50);
      assert.ok(await selectedRowInView(page), `after ${key} the selected row is on screen`);
    }
  });

  it('replies are checked where they arrive: a malformed rows reply is an error in the output channel, never rows on screen', async () => {
    host.synthetic(30);
    host.answer = (m) =>
      m.type === 'rows' && m.start === 0 ? { type: 'rows', gen: m.gen, start: 0, rows: [{ packet: 'zero' }] as unknown as PacketRow[] } : undefined;
    await page.goto(host.url);
    await until(() => host.received.some((m) => m.type === 'log' && m.level === 'error' && /rows: malformed reply/.test(m.text)));
    assert.equal(await page.locator(shown).count(), 0, 'no row drawn from the malformed reply');
    assert.ok((await page.locator('.players .prow.pending:not([hidden])').count()) > 0, 'its rows stay pending');
    host.answer = undefined;
  });

  it('stays virtual with ten million rows: bounded DOM, End reaches the last row quickly', async () => {
    host.synthetic(10_000_000);
    await page.goto(host.url);
    await page.waitForFunction(() => document.querySelectorAll('.players .prow:not([hidden]):not(.pending)').length > 10);
    await page.locator('.ptable').focus();
    const asked = host.received.length;
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.querySelector('.prow.selected .num')?.textContent === '10000000');
    // Straight to the end: the rows asked for are those near it, never a walk through the middle.
    const windows = host.received.slice(asked).filter((m) => m.type === 'rows');
    assert.ok(windows.length >= 1 && windows.length <= 3, `End asked ${windows.length} row windows`);
    assert.ok(
      windows.every((m) => m.type === 'rows' && m.start >= 10_000_000 - 1000),
      `windows asked: ${JSON.stringify(windows)}`,
    );
    assert.ok(await selectedRowInView(page), 'the last row is on screen, not under the clip');
    assert.ok((await page.locator('.players .prow').count()) < 80, 'row elements stay a small pool');
    // Scroll the middle with the wheel: rows keep up and stay few.
    await page.mouse.move(500, 300);
    for (let k = 0; k < 20; k++) await page.mouse.wheel(0, -2000);
    await page.waitForFunction(() => document.querySelectorAll('.players .prow.pending:not([hidden])').length === 0);
    const nums = await rowNumbers(page);
    assert.ok(nums.length > 10 && nums.every((n, k) => k === 0 || n === nums[k - 1] + 1), 'consecutive rows after scrolling');
    // The scrollbar maps proportionally: halfway down is around row five million.
    await page.locator('.pscroll').evaluate((e) => {
      e.scrollTop = (e.scrollHeight - e.clientHeight) / 2;
    });
    await page.waitForFunction(() => {
      const n = Number(document.querySelector('.players .prow:not([hidden]):not(.pending) .num')?.textContent);
      return n > 4_900_000 && n < 5_100_000;
    });
    await page.screenshot({ path: path.join(SHOTS, '05-ten-million-rows.png') });
  });
  /** Sets a vscode-single-select as a pick in its dropdown does (value, then change). */
  async function choose(selector: string, value: string): Promise<void> {
    await page.locator(selector).evaluate((e, v) => {
      (e as HTMLSelectElement).value = v;
      e.dispatchEvent(new Event('change'));
    }, value);
  }

  const followLines = (): Promise<Array<{ text: string; cls: string; packet: number }>> =>
    page.$$eval('.follow-lines .fline:not([hidden]):not(.pending)', (rows) =>
      rows.map((r) => ({ text: r.textContent ?? '', cls: r.className, packet: Number((r as HTMLElement).dataset.packet) })),
    );

  it("Follow: a packet's context menu follows its TCP stream, filters the table to it, colours the sides legibly in every theme", async () => {
    const failures: string[] = [];
    for (const theme of ['light', 'dark', 'high-contrast', 'high-contrast-light'] as ThemeName[]) {
      host.theme = theme;
      await host.openCapture(HTTP);
      if (theme !== 'light') {
        // A fresh page for each theme: the saved state would reopen the Follow tab (the next test checks that it does).
        await page.close();
        page = await watchedPage(browser, { width: 1400, height: 1150 }, errors);
        await host.attach(page);
      }
      await page.goto(host.url);
      await waitRowsAtLeast(page, 20);
      const get = page.locator(shown, { hasText: 'GET /big' }).first();
      await get.click({ button: 'right' });
      const item = page.locator('.context-menu .context-item', { hasText: 'Follow TCP Stream' });
      await item.waitFor({ state: 'visible' });
      assert.match((await item.textContent())!, /Ctrl\+Alt\+Shift\+T/);
      if (theme === 'dark' || theme === 'light') await page.screenshot({ path: path.join(SHOTS, `30-follow-menu-${theme}.png`) });
      await item.click();
      await page.locator('.fline.client', { hasText: 'GET /big HTTP/1.1' }).waitFor();
      await page.locator('.fline.server', { hasText: 'HTTP/1.1 200 OK' }).waitFor();
      // Wireshark applies the stream's filter to the packet list.
      assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'tcp.stream eq 0');
      await page.locator('.status', { hasText: 'Displayed: 47' }).waitFor();
      assert.match(
        (await page.locator('.follow-status').textContent())!,
        /^Stream 0: 3 client pkts, 255 bytes; \d+ server pkts, 21,273 bytes$/,
        'the status line counts what each side sent',
      );
      assert.equal(await page.locator('.follow-title').textContent(), 'Follow TCP stream 0');
      const lines = await followLines();
      assert.deepEqual(
        lines.slice(0, 6).map((l) => [l.text, l.cls.includes('client') ? 'c' : l.cls.includes('server') ? 's' : '?']),
        [
          ['GET /big HTTP/1.1', 'c'],
          ['Host: www.example.test', 'c'],
          ['User-Agent: curl/7.88.1', 'c'],
          ['Accept: */*', 'c'],
          [' ', 'c'],
          ['HTTP/1.1 200 OK', 's'],
        ],
      );
      const client = await page
        .locator('.fline.client')
        .first()
        .evaluate((e) => getComputedStyle(e).color);
      const server = await page
        .locator('.fline.server')
        .first()
        .evaluate((e) => getComputedStyle(e).color);
      assert.notEqual(client, server, `${theme}: the two sides are told apart by colour`);
      const [cr, , cb] = await resolveColor(page, client);
      const [sr, , sb] = await resolveColor(page, server);
      if (!theme.startsWith('high-contrast')) {
        assert.ok(cr > cb, `${theme}: the client is red-ish (${client})`);
        assert.ok(sb > sr, `${theme}: the server is blue-ish (${server})`);
      }
      for (const t of await measureTextContrast(page, '.follow-lines'))
        if (t.ratio < 4.5) failures.push(`${theme} .${t.element} "${t.text}": ${t.ratio.toFixed(2)}:1 (${t.fg} on ${t.bg})`);
      await page.screenshot({ path: path.join(SHOTS, `31-follow-${theme}.png`) });
    }
    assert.deepEqual(failures, [], 'Follow text below WCAG AA contrast');
  });

  it('Follow: formats, one direction, find next/previous with the match marked, a click selects the packet and its detail', async () => {
    host.theme = 'dark';
    await host.openCapture(HTTP);
    await page.goto(host.url);
    await waitRowsAtLeast(page, 20);
    // The toolbar's button follows the selected packet's stream.
    await page.locator(shown, { hasText: 'GET /big' }).first().click();
    await page.locator('vscode-button.follow-button').click();
    await page.locator('.fline.client', { hasText: 'GET /big HTTP/1.1' }).waitFor();

    await choose('.follow-format', 'hex');
    await page.locator('.fline.client', { hasText: '00000000  47 45 54 20 2f 62 69 67  20 48 54 54 50 2f 31 2e   GET /big  HTTP/1.' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '32-follow-hex.png') });
    await choose('.follow-format', 'carray');
    await page.locator('.fline.client', { hasText: /^char peer0_0\[\] = \{ \/\* Packet 8 \*\/$/ }).waitFor();
    await page.locator('.fline.client', { hasText: '0x47, 0x45, 0x54, 0x20, 0x2f, 0x62, 0x69, 0x67,' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, '33-follow-carray.png') });
    await choose('.follow-format', 'yaml');
    await page.locator('.fline.meta', { hasText: 'peers:' }).waitFor();
    await page.locator('.fline.client', { hasText: '- packet: 8' }).waitFor();
    await choose('.follow-format', 'raw');
    await page.locator('.fline.client', { hasText: /^474554202f626967/ }).waitFor();
    await choose('.follow-format', 'utf8');
    await page.locator('.fline.client', { hasText: 'GET /big HTTP/1.1' }).waitFor();

    // Server → client only: no client line left; the choices name the endpoints and their bytes.
    assert.match((await page.locator('.follow-direction vscode-option').nth(2).textContent())!, /^10\.77\.0\.2:80 → 10\.77\.0\.1:36526 \(21,273 bytes\)$/);
    await choose('.follow-direction', 'server');
    await page.locator('.follow-lines .fline', { hasText: 'HTTP/1.1 200 OK' }).first().waitFor();
    await page.waitForFunction(() => document.querySelector('.follow-lines .fline:not([hidden])')?.textContent === 'HTTP/1.1 200 OK');
    assert.equal((await followLines()).filter((l) => l.cls.includes('client')).length, 0);
    await choose('.follow-direction', 'both');
    await page.locator('.fline.client', { hasText: 'GET /big HTTP/1.1' }).waitFor();

    // Find: next, next, previous; the match is marked and scrolled to.
    const find = page.locator('vscode-textfield.follow-find input');
    await find.fill('GET /');
    await find.press('Enter');
    await page.locator('.fline.selected mark.follow-match', { hasText: 'GET /' }).waitFor();
    assert.equal(await page.locator('.fline.selected').textContent(), 'GET /big HTTP/1.1');
    await find.press('Enter');
    await page.waitForFunction(() => document.querySelector('.fline.selected')?.textContent === 'GET /hello HTTP/1.1');
    assert.equal(await page.locator('.fline.selected mark.follow-match').textContent(), 'GET /');
    await page.screenshot({ path: path.join(SHOTS, '34-follow-find.png') });
    await find.press('Shift+Enter');
    await page.waitForFunction(() => document.querySelector('.fline.selected')?.textContent === 'GET /big HTTP/1.1');
    await find.fill('no such text');
    await find.press('Enter');
    await page.locator('.follow-find-status', { hasText: 'No match' }).waitFor();

    // A click on a line of the 404 answer selects its packet in the table, and the detail tree shows it.
    await find.fill('404 Not Found');
    await find.press('Enter');
    const line = page.locator('.fline.selected');
    await line.locator('mark').waitFor();
    const packet = Number(await line.getAttribute('data-packet'));
    assert.ok(packet > 0);
    // The packet is read from the line clicked: the selection moves to it only on the next frame.
    const okLine = page.locator('.fline.server', { hasText: 'HTTP/1.1 200 OK' }).first();
    const okPacket = Number(await okLine.getAttribute('data-packet'));
    await okLine.click();
    await until(() => host.received.some((m) => m.type === 'detail' && m.packet === okPacket));
    await page.locator(`.fline[data-packet="${packet}"]`, { hasText: '404 Not Found' }).click();
    await until(() => host.received.some((m) => m.type === 'detail' && m.packet === packet));
    await page.locator('vscode-tab-header', { hasText: 'Packets' }).click();
    await page.waitForFunction((n) => document.querySelector('.prow.selected .num')?.textContent === String(n), packet + 1);
    assert.match((await page.locator('.prow.selected').textContent())!, /HTTP\/1\.1 404 Not Found/);
    await page
      .locator('.tree-line', { hasText: `Frame ${packet + 1}` })
      .first()
      .waitFor();
    // Ctrl+Alt+Shift+T in the page follows the selected packet's stream (here the DNS exchange: UDP).
    await page.locator('vscode-textfield.filter-input input').fill('dns');
    await page.locator('vscode-textfield.filter-input input').press('Enter');
    await page.locator('.status', { hasText: 'Displayed: 2' }).waitFor();
    await page.locator(`${shown}[data-pos="0"]`).click();
    await page.keyboard.press('Control+Alt+Shift+T');
    await page.locator('.follow-title', { hasText: 'Follow UDP stream 0' }).waitFor();
    assert.equal(await page.locator('vscode-textfield.filter-input').evaluate((e) => (e as HTMLInputElement).value), 'udp.stream eq 0');
    await page.locator('.follow-status', { hasText: /^Stream 0: 1 client pkt, \d+ bytes; 1 server pkt, \d+ bytes$/ }).waitFor();
  });

  it("Follow: a flow's context menu follows it; a stream of fifty million lines stays windowed (bounded DOM, End reaches the last line, small requests)", async () => {
    await host.openCapture(HTTP);
    await page.goto(host.url);
    await waitRowsAtLeast(page, 20);
    await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
    await page.locator('.flows-list tr[data-stream="tcp:0"]').click({ button: 'right' });
    await page.locator('.context-menu .context-item', { hasText: 'Follow TCP Stream' }).click();
    await page.locator('.fline.client', { hasText: 'GET /big HTTP/1.1' }).waitFor();
    // The same view over a made-up stream as long as a 1 GB transfer's hex dump (16 bytes a line = 67 M lines).
    const LINES = 67_108_864;
    const asked: number[] = [];
    host.answer = (m) => {
      if (m.type === 'follow' && m.stream === 7)
        return {
          type: 'follow',
          kind: m.kind,
          stream: 7,
          format: m.format,
          direction: m.direction,
          lines: LINES,
          peers: ['10.0.0.1:40000', '10.0.0.2:80'],
          packets: [1, 741_455],
          bytes: [80, 2 ** 30],
          gaps: 0,
        };
      if (m.type === 'followLines' && m.stream === 7) {
        asked.push(m.count);
        const lines: FollowLineView[] = [];
        for (let l = m.start; l < Math.min(LINES, m.start + m.count); l++)
          lines.push({
            text: `${(l * 16).toString(16).toUpperCase().padStart(8, '0')}  line ${l + 1}`,
            direction: l % 3 === 0 ? 0 : 1,
            packet: 1000 + Math.floor(l / 90),
          });
        return { type: 'followLines', kind: m.kind, stream: 7, format: m.format, direction: m.direction, start: m.start, lines };
      }
      return undefined;
    };
    // Stream 7 through the same menu, on a flow row relabelled to it (the fake host serves that stream).
    await page.locator('vscode-tab-header', { hasText: 'Flows' }).click();
    await page.locator('.flows-list tr[data-stream="tcp:0"]').evaluate((tr) => {
      (tr as HTMLElement).dataset.stream = 'tcp:7';
      const r = tr.getBoundingClientRect();
      tr.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left + 20, clientY: r.top + 5 }));
    });
    await page.locator('.context-menu .context-item', { hasText: 'Follow TCP Stream' }).click();
    await page.locator('.fline', { hasText: 'line 1' }).first().waitFor();
    assert.match((await page.locator('.follow-status').textContent())!, /1,073,741,824 bytes/);
    await page.locator('.follow-list').press('End');
    await page.locator('.fline.selected', { hasText: `line ${LINES}` }).waitFor({ timeout: 10000 });
    const rows = await page.locator('.follow-lines .fline').count();
    assert.ok(rows < 100, `${rows} line elements for ${LINES} lines`);
    assert.ok(asked.length > 0 && Math.max(...asked) <= 400, `line windows asked: ${asked.join(', ')}`);
    await page.screenshot({ path: path.join(SHOTS, '35-follow-huge-end.png') });
  });
});
