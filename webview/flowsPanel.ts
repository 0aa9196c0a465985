import type { AnalysisState, FlowSort, FlowSortKey, FlowView } from '../src/protocol';
import { clear, el } from './dom';
import { fetchWindow, keyTarget } from './listNavigation';

const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;
/** Fixed row height (styles.css .vtable tbody tr): positions map to pixels without measuring. */
const ROW_H = 22;
/** Browsers cap element heights; past this the scrollbar maps positions proportionally. */
const MAX_SCROLL_PX = 8_000_000;
/** Flows fetched beyond the visible window on each side. */
const OVERSCAN = 40;
const CACHE_LIMIT = 2000;

function bytesText(n: number): string {
  return n < 10_000 ? `${n} B` : n < 10_000_000 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`;
}

function secondsText(s: number | undefined): string {
  if (s === undefined) return '';
  return s < 1 ? `${(s * 1000).toFixed(s < 0.01 ? 3 : 1)} ms` : `${s.toFixed(3)} s`;
}

interface Column { head: string; key: FlowSortKey; cls?: string; text: (f: FlowView) => string; tip?: string }

const COLUMNS: Column[] = [
  { head: 'Stream', key: 'stream', cls: 'num', text: (f) => `${f.transport.toUpperCase()} ${f.stream}` },
  { head: 'Client', key: 'client', text: (f) => f.client },
  { head: 'Server', key: 'server', text: (f) => f.server },
  { head: 'State', key: 'state', text: (f) => f.state ?? '', tip: "Zeek's conn_state (history in the tooltip)" },
  { head: 'Outcome', key: 'outcome', text: (f) => f.outcome },
  { head: 'Packets', key: 'packets', cls: 'num', text: (f) => `${f.packets.client} / ${f.packets.server}`, tip: 'client → server / server → client' },
  { head: 'Bytes', key: 'bytes', cls: 'num', text: (f) => `${bytesText(f.bytes.client)} / ${bytesText(f.bytes.server)}`, tip: 'frame bytes on the wire, client / server' },
  { head: 'Duration', key: 'duration', cls: 'num', text: (f) => secondsText(f.duration) },
  { head: 'iRTT', key: 'irtt', cls: 'num', text: (f) => secondsText(f.irtt), tip: 'initial round-trip time (SYN → first ACK), as tcp.analysis.initial_rtt' },
  { head: 'Findings', key: 'findings', cls: 'num', text: (f) => (f.findings ? String(f.findings) : '') },
];

export interface FlowsHost {
  requestFlows(sort: FlowSort, start: number, count: number): void;
  requestPosition(sort: FlowSort, transport: FlowView['transport'], stream: number): void;
  onSelect(flow: FlowView): void;
  onSortChange(sort: FlowSort): void;
}

const keyOf = (transport: FlowView['transport'], stream: number) => `${transport}:${stream}`;

/**
 * The Flows tab's table: one row per conversation with Zeek's state, our outcome, packets, bytes,
 * duration, initial RTT and how many findings name it; a header click sorts by that column (again:
 * the other way). Virtualized like the packet table: the flows stay in the worker, which sorts them
 * and sends the window on screen, so a port scan's half-million conversations cost what ten do.
 * Selecting a row filters the packet table to its stream and shows its diagram (see main.ts).
 */
export class FlowsPanel {
  /** The scroll container; the table inside keeps its header sticky. */
  readonly root = el('div', 'flows-list');
  private readonly table = el('table', 'atable vtable');
  private readonly heads: HTMLTableCellElement[] = [];
  private readonly body = el('tbody');
  private readonly before = el('tr', 'spacer');
  private readonly after = el('tr', 'spacer');
  private readonly pool: HTMLTableRowElement[] = [];
  private readonly cache = new Map<number, FlowView>();
  private readonly inFlight = new Set<number>();
  private readonly placeholder = el('div', 'placeholder');
  private count = 0;
  private top = 0;
  private selectedPos = -1;
  /** The selected conversation (it keeps its selection across re-sorts), and one a command wants. */
  private selectedKey = '';
  private wantedKey = '';
  private notifyWanted = false;
  private renderQueued = false;

  constructor(private readonly host: FlowsHost, private sort: FlowSort) {
    this.root.tabIndex = 0;
    const head = el('tr');
    for (const c of COLUMNS) {
      const th = el('th', c.cls);
      th.dataset.key = c.key;
      th.append(el('span', '', c.head), el('span', 'sort-mark'));
      th.title = `${c.tip ? `${c.tip}. ` : ''}Click to sort by ${c.head.toLowerCase()}.`;
      th.addEventListener('click', () => this.setSort({ key: c.key, descending: this.sort.key === c.key ? !this.sort.descending : c.cls === 'num' && c.key !== 'stream' }));
      head.append(th);
      this.heads.push(th);
    }
    this.table.append(el('thead'), this.body);
    this.table.tHead!.append(head);
    this.body.append(this.before, this.after);
    this.root.append(this.table, this.placeholder);
    this.root.addEventListener('scroll', () => this.queueRender());
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('click', (e) => {
      const tr = (e.target as HTMLElement).closest('tr');
      if (!tr?.dataset.pos) return;
      this.wantedKey = ''; // the user's choice beats a selection still being looked up
      this.selectPosition(Number(tr.dataset.pos), true);
    });
    new ResizeObserver(() => this.queueRender()).observe(this.root);
    this.showSortMark();
  }

  show(a: AnalysisState): void {
    this.cache.clear();
    this.inFlight.clear();
    this.selectedPos = -1;
    this.pendingPick = undefined;
    this.count = a.status === 'ready' ? a.flowCount : 0;
    this.placeholder.hidden = this.count > 0;
    this.table.hidden = this.count === 0;
    clear(this.placeholder);
    if (a.status !== 'ready') this.placeholder.textContent = a.status === 'running' ? 'Analysing…' : a.reason;
    else if (!this.count) this.placeholder.textContent = 'No conversations in this capture.';
    this.root.scrollTop = 0;
    this.queueRender();
  }

  addFlows(m: { sort: FlowSort; start: number; total: number; flows: FlowView[] }): void {
    if (!this.sameSort(m.sort)) return;
    this.inFlight.delete(m.start);
    m.flows.forEach((f, k) => this.cache.set(m.start + k, f));
    if (this.cache.size > CACHE_LIMIT) {
      for (const pos of this.cache.keys()) if (Math.abs(pos - this.top) > CACHE_LIMIT / 2) this.cache.delete(pos);
    }
    this.queueRender();
  }

  /** The worker's answer to "where is this flow": select it there (or nothing, if there is none). */
  onPosition(m: { sort: FlowSort; transport: FlowView['transport']; stream: number; position: number }): void {
    if (!this.sameSort(m.sort) || keyOf(m.transport, m.stream) !== this.wantedKey) return;
    this.wantedKey = '';
    if (m.position >= 0) this.selectPosition(m.position, this.notifyWanted);
  }

  /** Selects a conversation (a command's showStream, restored state); the worker says where it is. */
  select(transport: FlowView['transport'], stream: number, notify = false): void {
    this.wantedKey = keyOf(transport, stream);
    this.notifyWanted = notify;
    this.host.requestPosition(this.sort, transport, stream);
  }

  private sameSort(s: FlowSort): boolean {
    return s.key === this.sort.key && s.descending === this.sort.descending;
  }

  private setSort(sort: FlowSort): void {
    this.sort = sort;
    this.cache.clear();
    this.inFlight.clear();
    this.showSortMark();
    this.host.onSortChange(sort);
    const [transport, stream] = this.selectedKey.split(':');
    this.selectedPos = -1;
    this.pendingPick = undefined;
    if (transport) this.select(transport as FlowView['transport'], Number(stream));
    this.queueRender();
  }

  private showSortMark(): void {
    for (const th of this.heads) {
      const on = th.dataset.key === this.sort.key;
      th.classList.toggle('sorted', on);
      th.setAttribute('aria-sort', on ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      th.querySelector('.sort-mark')!.textContent = on ? (this.sort.descending ? ' ▼' : ' ▲') : '';
    }
  }

  private selectPosition(position: number, notify: boolean): void {
    if (!this.count) return;
    const pos = Math.max(0, Math.min(this.count - 1, position));
    this.selectedPos = pos;
    this.reveal(pos);
    const f = this.cache.get(pos);
    // The latest selection wins: a pick still waiting for its row is dropped.
    this.pendingPick = f ? undefined : { pos, notify };
    if (f) this.picked(f, notify);
    this.queueRender();
  }

  private pendingPick: { pos: number; notify: boolean } | undefined;

  private picked(f: FlowView, notify: boolean): void {
    this.selectedKey = keyOf(f.transport, f.stream);
    if (notify) this.host.onSelect(f);
  }

  private headHeight(): number {
    return this.table.tHead?.offsetHeight ?? ROW_H;
  }

  /** Rows that fit whole under the header. */
  private fullRows(): number {
    return Math.max(1, Math.floor((this.root.clientHeight - this.headHeight()) / ROW_H));
  }

  private scaled(): boolean {
    return this.count * ROW_H > MAX_SCROLL_PX;
  }

  /** Height of the rows' part of the table: every row, or the browser-safe cap (then positions map proportionally). */
  private bodyHeight(): number {
    return Math.min(this.count * ROW_H, MAX_SCROLL_PX);
  }

  private maxScroll(): number {
    return Math.max(1, this.headHeight() + this.bodyHeight() - this.root.clientHeight);
  }

  /** The first row shown at a scroll offset; scrollFor is its inverse, so reveal and render agree. */
  private topFor(scrollTop: number): number {
    if (!this.scaled()) return Math.min(Math.floor(scrollTop / ROW_H), this.count - 1);
    return Math.round((Math.min(scrollTop, this.maxScroll()) / this.maxScroll()) * Math.max(0, this.count - this.fullRows()));
  }

  private scrollFor(top: number): number {
    if (!this.scaled()) return top * ROW_H;
    return (top / Math.max(1, this.count - this.fullRows())) * this.maxScroll();
  }

  private reveal(pos: number): void {
    const vis = this.fullRows();
    if (pos >= this.top && pos < this.top + vis) return;
    this.root.scrollTop = this.scrollFor(Math.max(0, pos < this.top ? pos : pos - vis + 1));
    this.render();
  }

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => { this.renderQueued = false; this.render(); });
  }

  private render(): void {
    if (!this.count) {
      for (const tr of this.pool) tr.hidden = true;
      return;
    }
    const st = this.root.scrollTop;
    const top = Math.max(0, this.topFor(st));
    this.top = top;
    // Whole rows plus the partly visible ones at either edge, never past the end.
    const vis = Math.min(this.count - top, this.fullRows() + 2);
    const total = this.bodyHeight();
    // The spacers keep the table's height constant, so the scrollbar never jumps: scaled, the rows
    // sit at the scroll offset itself.
    const beforePx = this.scaled() ? Math.max(0, Math.min(st, total - vis * ROW_H)) : top * ROW_H;
    this.before.style.height = `${beforePx}px`;
    this.after.style.height = `${Math.max(0, total - beforePx - vis * ROW_H)}px`;
    while (this.pool.length < vis) {
      const tr = el('tr', 'frow');
      for (const c of COLUMNS) tr.append(el('td', c.cls));
      this.body.insertBefore(tr, this.after);
      this.pool.push(tr);
    }
    let missLo = -1, missHi = -1;
    this.pool.forEach((tr, k) => {
      const pos = top + k;
      if (k >= vis || pos >= this.count) { tr.hidden = true; return; }
      tr.hidden = false;
      tr.dataset.pos = String(pos);
      const f = this.cache.get(pos);
      if (!f) {
        tr.className = 'frow pending';
        delete tr.dataset.stream;
        for (const td of tr.cells) td.textContent = '';
        if (missLo < 0) missLo = pos;
        missHi = pos;
        return;
      }
      this.fill(tr, f, pos);
    });
    if (missLo >= 0) this.fetch(missLo, missHi);
    const p = this.pendingPick;
    if (p && this.cache.has(p.pos)) {
      this.pendingPick = undefined;
      this.picked(this.cache.get(p.pos)!, p.notify);
    }
  }

  /** Row text goes in as text only: endpoints and states come from the capture. */
  private fill(tr: HTMLTableRowElement, f: FlowView, pos: number): void {
    tr.className = `frow${f.worst ? ` sev-${f.worst}` : ''}${pos === this.selectedPos ? ' selected' : ''}`;
    tr.dataset.stream = keyOf(f.transport, f.stream);
    COLUMNS.forEach((c, i) => {
      const td = tr.cells[i];
      td.textContent = c.text(f);
      if (c.key === 'findings' && f.worst) td.prepend(el('span', `mark mark-${f.worst}`, MARK[f.worst]));
      if (c.key === 'state') td.title = f.history ? `history ${f.history}` : '';
      else if (!c.cls) td.title = td.textContent; // endpoints and outcomes may be cut to fit: the whole text on hover
    });
  }

  private fetch(lo: number, hi: number): void {
    const { start, end } = fetchWindow(lo, hi, this.count, OVERSCAN);
    if (this.inFlight.has(start)) return;
    this.inFlight.add(start);
    this.host.requestFlows(this.sort, start, end - start);
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, this.fullRows() - 1);
    const cur = this.selectedPos < 0 ? this.top - 1 : this.selectedPos;
    const next = keyTarget(e.key, cur, page, this.count);
    if (next === undefined) return;
    e.preventDefault();
    this.wantedKey = '';
    this.selectPosition(next, true);
  }

}
