import type { AnalysisState, FlowSort, FlowSortKey, FlowView } from '../src/protocol';
import { clear, el } from './dom';
import { ROW_H, VirtualList } from './virtualList';

const MARK = { error: '✖', warning: '⚠', info: 'ℹ' } as const;
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

interface Column {
  head: string;
  key: FlowSortKey;
  cls?: string;
  text: (f: FlowView) => string;
  tip?: string;
}

const COLUMNS: Column[] = [
  { head: 'Stream', key: 'stream', cls: 'num', text: (f) => `${f.transport.toUpperCase()} ${f.stream}` },
  { head: 'Client', key: 'client', text: (f) => f.client },
  { head: 'Server', key: 'server', text: (f) => f.server },
  { head: 'State', key: 'state', text: (f) => f.state ?? '', tip: "Zeek's conn_state (history in the tooltip)" },
  { head: 'Outcome', key: 'outcome', text: (f) => f.outcome },
  { head: 'Packets', key: 'packets', cls: 'num', text: (f) => `${f.packets.client} / ${f.packets.server}`, tip: 'client → server / server → client' },
  {
    head: 'Bytes',
    key: 'bytes',
    cls: 'num',
    text: (f) => `${bytesText(f.bytes.client)} / ${bytesText(f.bytes.server)}`,
    tip: 'frame bytes on the wire, client / server',
  },
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
 * Selecting a row filters the packet table to its stream and shows its diagram (see shell.ts).
 */
export class FlowsPanel {
  /** The scroll container; the table inside keeps its header sticky. */
  readonly root = el('div', 'flows-list');
  private readonly table = el('table', 'atable vtable');
  private readonly heads: HTMLTableCellElement[] = [];
  private readonly body = el('tbody');
  private readonly placeholder = el('div', 'placeholder');
  private readonly list: VirtualList<FlowView, HTMLTableRowElement>;
  /** The selected conversation (it keeps its selection across re-sorts), and one a command wants. */
  private selectedKey = '';
  private wantedKey = '';
  private notifyWanted = false;

  constructor(
    private readonly host: FlowsHost,
    private sort: FlowSort,
  ) {
    this.root.tabIndex = 0;
    const head = el('tr');
    for (const c of COLUMNS) {
      const th = el('th', c.cls);
      th.dataset.key = c.key;
      th.append(el('span', '', c.head), el('span', 'sort-mark'));
      th.title = `${c.tip ? `${c.tip}. ` : ''}Click to sort by ${c.head.toLowerCase()}.`;
      th.addEventListener('click', () =>
        this.setSort({ key: c.key, descending: this.sort.key === c.key ? !this.sort.descending : c.cls === 'num' && c.key !== 'stream' }),
      );
      head.append(th);
      this.heads.push(th);
    }
    const before = el('tr', 'spacer');
    const after = el('tr', 'spacer');
    this.table.append(el('thead'), this.body);
    this.table.tHead!.append(head);
    this.body.append(before, after);
    this.root.append(this.table, this.placeholder);
    this.list = new VirtualList<FlowView, HTMLTableRowElement>(
      {
        scroller: this.root,
        rows: this.body,
        before,
        after,
        headerHeight: () => this.table.tHead?.offsetHeight ?? ROW_H,
        makeRow: () => {
          const tr = el('tr', 'frow');
          for (const c of COLUMNS) tr.append(el('td', c.cls));
          return tr;
        },
      },
      {
        fetch: (start, count) => this.host.requestFlows(this.sort, start, count),
        fill: (tr, f, _pos, selected) => this.fill(tr, f, selected),
        fillPending: (tr) => {
          tr.className = 'frow pending';
          delete tr.dataset.stream;
          for (const td of tr.cells) td.textContent = '';
        },
        onPick: (_pos, f, notify) => {
          this.selectedKey = keyOf(f.transport, f.stream);
          if (notify) this.host.onSelect(f);
        },
        // The user's choice beats a selection still being looked up.
        onUserSelect: () => {
          this.wantedKey = '';
        },
      },
      { overscan: OVERSCAN, cacheLimit: CACHE_LIMIT },
    );
    this.root.addEventListener('keydown', (e) => this.list.onKey(e));
    new ResizeObserver(() => this.list.queueRender()).observe(this.root);
    this.showSortMark();
  }

  show(a: AnalysisState): void {
    const count = a.status === 'ready' ? a.flowCount : 0;
    this.list.reset(count);
    this.placeholder.hidden = count > 0;
    this.table.hidden = count === 0;
    clear(this.placeholder);
    if (a.status !== 'ready') this.placeholder.textContent = a.status === 'running' ? 'Analysing…' : a.reason;
    else if (!count) this.placeholder.textContent = 'No conversations in this capture.';
    this.root.scrollTop = 0;
  }

  addFlows(m: { sort: FlowSort; start: number; total: number; flows: FlowView[] }): void {
    if (!this.sameSort(m.sort)) return;
    this.list.put(m.start, m.flows);
  }

  /** The worker's answer to "where is this flow": select it there (or nothing, if there is none). */
  onPosition(m: { sort: FlowSort; transport: FlowView['transport']; stream: number; position: number }): void {
    if (!this.sameSort(m.sort) || keyOf(m.transport, m.stream) !== this.wantedKey) return;
    this.wantedKey = '';
    if (m.position >= 0) this.list.select(m.position, this.notifyWanted);
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
    this.list.reset(this.list.count);
    this.showSortMark();
    this.host.onSortChange(sort);
    const [transport, stream] = this.selectedKey.split(':');
    if (transport) this.select(transport as FlowView['transport'], Number(stream));
  }

  private showSortMark(): void {
    for (const th of this.heads) {
      const on = th.dataset.key === this.sort.key;
      th.classList.toggle('sorted', on);
      th.setAttribute('aria-sort', on ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      th.querySelector('.sort-mark')!.textContent = on ? (this.sort.descending ? ' ▼' : ' ▲') : '';
    }
  }

  /** Row text goes in as text only: endpoints and states come from the capture. */
  private fill(tr: HTMLTableRowElement, f: FlowView, selected: boolean): void {
    tr.className = `frow${f.worst ? ` sev-${f.worst}` : ''}${selected ? ' selected' : ''}`;
    tr.dataset.stream = keyOf(f.transport, f.stream);
    COLUMNS.forEach((c, i) => {
      const td = tr.cells[i];
      td.textContent = c.text(f);
      if (c.key === 'findings' && f.worst) td.prepend(el('span', `mark mark-${f.worst}`, MARK[f.worst]));
      if (c.key === 'state') td.title = f.history ? `history ${f.history}` : '';
      else if (!c.cls) td.title = td.textContent; // endpoints and outcomes may be cut to fit: the whole text on hover
    });
  }
}
