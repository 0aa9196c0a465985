import { strict as assert } from 'node:assert';
import type { CaptureHeader, ViewState } from '../../../src/protocol';
import { emptyText, initialPage, loadNotice, runnableIntent, statusLine, transition, type PageEvent, type PageState } from '../../../webview/pageState';

const UI: ViewState = {
  filter: '',
  selected: -1,
  top: 0,
  timeMode: 'rel',
  columnWidths: [70, 130, 150, 150, 80, 70],
  tab: 'packets',
  diagram: -1,
  sidePane: false,
  flowSort: { key: 'stream', descending: false },
};
const HEADER: CaptureHeader = { fileName: 'a.pcap', format: 'pcap', size: 1000, packets: 22, duration: '31.394840000', encapsulation: ['Ethernet'] };

const run = (events: PageEvent[], from: PageState = initialPage(UI)) => events.reduce(transition, from);
const view = (gen: number, count = 22, text = '') => ({ type: 'view' as const, view: { gen, text, count, total: 22, ms: 1 } });

describe('the webview page state machine', () => {
  it('loading → loaded: the view becomes ready with the first filter reply, not before', () => {
    const loading = run([{ type: 'loading', fileName: 'a.pcap', reload: false }]);
    assert.equal(loading.load.phase, 'loading');
    const loaded = transition(loading, { type: 'loaded', header: HEADER });
    assert.equal(loaded.load.phase, 'loaded');
    assert.equal(loaded.viewReady, false, 'positions refer to the loaded file only once its filter reply came');
    const ready = transition(loaded, view(3));
    assert.deepEqual([ready.viewReady, ready.gen, ready.restoring], [true, 3, false]);
    assert.equal(statusLine(ready), 'a.pcap · pcap · 22 packets · 31.394840000 s');
  });

  it("a cancelled load is its own phase, from the header's flag and never from the error text", () => {
    const error = { message: 'something else entirely', offset: 4242 };
    const cancelled = run([
      { type: 'loading', fileName: 'a.pcap', reload: false },
      { type: 'loaded', header: { ...HEADER, packets: 1, error, cancelled: true } },
    ]);
    assert.equal(cancelled.load.phase, 'cancelled');
    assert.deepEqual(loadNotice(cancelled.load), { text: 'Reading was cancelled at byte 4242: the 1 packet read so far is shown and analysed.', reload: true });
    // The reader's cancel text without the flag is a file that stopped early, not a cancel.
    const cut = run([{ type: 'loaded', header: { ...HEADER, error: { message: 'Reading was cancelled', offset: 10 } } }]);
    assert.equal(cut.load.phase, 'loaded');
    assert.deepEqual(loadNotice(cut.load), { text: 'Reading stopped early: Reading was cancelled (byte 10). Packets before it are shown.', reload: false });
    assert.equal(loadNotice(run([{ type: 'loaded', header: HEADER }]).load), undefined);
  });

  it('an error ends loading with a notice that offers to reload', () => {
    const failed = run([
      { type: 'loading', fileName: 'a.pcap', reload: false },
      { type: 'failed', message: 'Not a capture file' },
    ]);
    assert.equal(failed.load.phase, 'error');
    assert.deepEqual(loadNotice(failed.load), { text: 'Not a capture file', reload: true });
  });

  it("a reload forgets the view: commands wait again for the new file's filter reply", () => {
    const ready = run([{ type: 'loaded', header: HEADER }, view(3)]);
    const reloading = transition(ready, { type: 'loading', fileName: 'a.pcap', reload: true });
    assert.deepEqual([reloading.load.phase, reloading.viewReady, reloading.shown], ['loading', false, undefined]);
    assert.equal(statusLine(reloading), undefined, 'the status line keeps saying what loading says');
  });

  it('streamed rows of a new generation end the restoring of the saved scroll position', () => {
    const s = run([{ type: 'progress', gen: 7, packets: 100 }]);
    assert.deepEqual([s.gen, s.restoring], [7, false]);
    assert.equal(transition(s, { type: 'progress', gen: 7, packets: 200 }), s, 'the same generation changes nothing');
  });

  it('a command waits for the loaded view, and a filter or a stream also for the analysis', () => {
    let s = run([{ type: 'intent', intent: { type: 'showStream', stream: 0 } }]);
    assert.equal(runnableIntent(s), undefined, 'nothing is loaded');
    s = run([{ type: 'loaded', header: HEADER }, view(1)], s);
    assert.equal(runnableIntent(s), undefined, 'the analysis is still running');
    s = transition(s, { type: 'analysis', analysis: { status: 'ready', flowCount: 1, findings: [] } });
    assert.deepEqual(runnableIntent(s), { type: 'showStream', stream: 0 });
    assert.equal(runnableIntent(transition(s, { type: 'intentDone' })), undefined);
    const reveal = run([{ type: 'loaded', header: HEADER }, view(1), { type: 'intent', intent: { type: 'reveal', frame: 4 } }]);
    assert.deepEqual(runnableIntent(reveal), { type: 'reveal', frame: 4 }, 'a reveal needs no analysis');
  });

  it("selection, filter and active view live in the persisted UI state; a user's selection ends a reveal", () => {
    let s = run([{ type: 'reveal', frame: 9 }]);
    assert.deepEqual([s.revealing, s.ui.selected], [9, 8]);
    s = run(
      [
        { type: 'select', packet: 3 },
        { type: 'filter', text: 'tcp' },
        { type: 'tab', tab: 'flows' },
        { type: 'ui', patch: { sidePane: true } },
      ],
      s,
    );
    assert.deepEqual([s.revealing, s.ui.selected, s.ui.filter, s.ui.tab, s.ui.sidePane], [-1, 3, 'tcp', 'flows', true]);
    assert.equal(UI.selected, -1, 'transitions make new states, never change the old one');
  });

  it('the status line counts what the filter shows, and the flows and findings once analysed', () => {
    const s = run([
      { type: 'loaded', header: HEADER },
      { type: 'analysis', analysis: { status: 'ready', flowCount: 1, findings: [] } },
      view(2, 6, 'tcp.flags.reset == 1'),
    ]);
    assert.equal(statusLine(s), 'a.pcap · pcap · 22 packets · 31.394840000 s · 1 flow · 0 findings · Displayed: 6 (27.3%) · filter 1 ms');
  });

  it('an empty view says why: no match, nothing readable, or an empty capture', () => {
    assert.equal(emptyText(run([{ type: 'loaded', header: HEADER }, view(2, 0, 'udp')])), 'No packet matches the filter udp.');
    const none = { ...HEADER, packets: 0 };
    const empty = (h: CaptureHeader) =>
      emptyText(
        run([
          { type: 'loaded', header: h },
          { type: 'view', view: { gen: 1, text: '', count: 0, total: 0, ms: 0 } },
        ]),
      );
    assert.equal(empty(none), 'This capture holds no packets.');
    assert.equal(empty({ ...none, error: { message: 'Truncated header', offset: 24 } }), 'No packet could be read: Truncated header (byte 24).');
  });
});
