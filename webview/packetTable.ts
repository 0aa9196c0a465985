import type { PacketRow, TimeMode } from '../src/protocol';
import { clear, el } from './dom';
import { VirtualList } from './virtualList';

/** Rows fetched beyond the visible window on each side, so small scrolls need no round trip. */
const OVERSCAN = 60;
const CACHE_LIMIT = 4000;

const COLUMNS = ['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Info'] as const;
/** The Info column never gets narrower than this many characters: the pane beside yields first. */
export const INFO_MIN_CHARS = 40;
/** Until the table's font is measured (it must be on the page), a 12px monospace character. */
const DEFAULT_CHAR_PX = 7.2;
const MARK_TEXT = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

export interface TableHost {
  requestRows(gen: number, start: number, count: number): void;
  onSelect(position: number, packet: number): void;
  onViewportChange(top: number): void;
  onColumnsChange(widths: number[]): void;
  /** The width under which the table would squeeze its columns (it scrolls sideways instead). */
  onMinWidth(px: number): void;
}

type RowElement = HTMLDivElement & { cells?: HTMLSpanElement[]; mark?: HTMLSpanElement };

/**
 * The packet list: column headers that resize, and a virtual list (virtualList.ts) of rows the
 * worker computed for the window on screen, coloured like Wireshark's, with evidence marks.
 */
export class PacketTable {
  readonly root = el('div', 'ptable');
  private readonly header = el('div', 'prow phead');
  private readonly scroller = el('div', 'pscroll');
  private readonly layer = el('div', 'players');
  /** What an empty view says (an empty capture, a filter that matches nothing). */
  private readonly empty = el('div', 'placeholder ptable-empty');
  private readonly list: VirtualList<PacketRow, RowElement>;
  private gen = -1;
  private timeMode: TimeMode = 'rel';
  private widths: number[];
  private charPx = 0;

  constructor(
    private readonly host: TableHost,
    widths: number[],
  ) {
    this.widths = widths.slice(0, COLUMNS.length - 1);
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute('aria-label', 'Packets');
    COLUMNS.forEach((name, c) => {
      const cell = el('span', 'pcell', name);
      if (c < COLUMNS.length - 1) {
        const grip = el('span', 'grip');
        grip.addEventListener('pointerdown', (e) => this.startResize(e, c, grip));
        cell.append(grip);
      }
      this.header.append(cell);
    });
    const before = el('div', 'pspacer');
    const after = el('div', 'pspacer');
    this.layer.append(before, after);
    this.empty.hidden = true;
    this.scroller.append(this.layer, this.empty);
    this.root.append(this.header, this.scroller);
    this.list = new VirtualList<PacketRow, RowElement>(
      { scroller: this.scroller, rows: this.layer, before, after, headerHeight: () => 0, makeRow: () => this.makeRow() },
      {
        fetch: (start, count) => this.host.requestRows(this.gen, start, count),
        fill: (row, r, pos, selected) => this.fill(row, r, selected),
        fillPending: (row, pos) => this.fillPending(row, pos),
        onPick: (pos, r, notify) => {
          if (notify) this.host.onSelect(pos, r.packet);
        },
        onTopChange: (top) => this.host.onViewportChange(top),
      },
      { overscan: OVERSCAN, cacheLimit: CACHE_LIMIT },
    );
    this.applyWidths();
    this.root.addEventListener('keydown', (e) => this.list.onKey(e));
    new ResizeObserver(() => this.queueLayout()).observe(this.scroller);
  }

  /** The narrowest the table gets before it scrolls sideways: every column at its width, Info at its minimum. */
  get minWidth(): number {
    const scrollbar = this.scroller.offsetWidth - this.scroller.clientWidth;
    return this.widths.reduce((a, b) => a + b, 0) + Math.ceil(INFO_MIN_CHARS * (this.charPx || DEFAULT_CHAR_PX)) + scrollbar;
  }

  get selected(): number {
    return this.list.selected;
  }

  get topPosition(): number {
    return this.list.top;
  }

  get rowCount(): number {
    return this.list.count;
  }

  /** A new view (filter applied, file reloaded): forget cached rows. */
  setView(gen: number, count: number): void {
    this.gen = gen;
    this.list.reset(count);
    this.list.scrollToTop(this.list.top);
    this.showEmpty();
  }

  /** Rows of the same view changed (marks, comments): ask for them again. */
  refreshRows(): void {
    this.list.refresh();
  }

  /** The message shown while the view has no rows ('' for none). */
  setEmptyText(text: string): void {
    this.empty.textContent = text;
    this.showEmpty();
  }

  private showEmpty(): void {
    this.empty.hidden = this.list.count > 0 || !this.empty.textContent;
  }

  setTimeMode(mode: TimeMode): void {
    this.timeMode = mode;
    this.header.children[1].firstChild!.textContent = mode === 'abs' ? 'Time (absolute)' : mode === 'rel' ? 'Time' : 'Time (delta)';
    this.list.queueRender();
  }

  /** More rows of the file being read are final: extend the view without dropping what is cached. */
  grow(gen: number, count: number): void {
    if (gen !== this.gen) {
      this.setView(gen, count);
      return;
    }
    this.list.grow(count);
    this.showEmpty();
  }

  /** Marks a finding's evidence packets (0-based) in the table. */
  setEvidence(packets: ReadonlySet<number>): void {
    this.evidence = packets;
    this.list.queueRender();
  }

  private evidence: ReadonlySet<number> = new Set();

  addRows(gen: number, start: number, rows: PacketRow[]): void {
    if (gen !== this.gen) return;
    this.list.put(start, rows);
  }

  rowAt(position: number): PacketRow | undefined {
    return this.list.at(position);
  }

  /** Selects a position and brings it into view (the host then asks for its details). */
  select(position: number, notify = true): void {
    this.list.select(position, notify);
  }

  scrollToTop(top: number): void {
    this.list.scrollToTop(top);
  }

  /**
   * Size changes are applied on the next frame, not in the ResizeObserver callback: layout changed
   * inside it would be observed again in the same frame ("ResizeObserver loop completed with
   * undelivered notifications").
   */
  private layoutQueued = false;
  private queueLayout(): void {
    if (this.layoutQueued) return;
    this.layoutQueued = true;
    requestAnimationFrame(() => {
      this.layoutQueued = false;
      if (!this.charPx) this.measureChar();
      this.applyWidths();
      this.list.render();
    });
  }

  /** The width of one character of the table's (monospace) font, once the table is on the page. */
  private measureChar(): boolean {
    const probe = el('span', 'pcell', '0'.repeat(20));
    probe.style.cssText = 'position:absolute;visibility:hidden;padding:0';
    this.layer.append(probe);
    const w = probe.getBoundingClientRect().width / 20;
    probe.remove();
    if (w > 0) this.charPx = w;
    return w > 0;
  }

  private fillPending(row: RowElement, pos: number): void {
    row.className = `prow pending${pos === this.list.selected ? ' selected' : ''}`;
    row.setAttribute('aria-selected', String(pos === this.list.selected));
    for (const c of row.cells!) c.textContent = '';
    row.mark!.textContent = '';
  }

  private fill(row: RowElement, r: PacketRow, selected: boolean): void {
    row.className = `prow c-${r.color}${selected ? ' selected' : ''}${this.evidence.has(r.packet) ? ' evidence' : ''}${r.marked ? ' marked' : ''}`;
    row.title = r.commented ? 'This packet has a comment (see its detail)' : '';
    row.setAttribute('aria-selected', String(selected));
    const c = row.cells!;
    c[0].textContent = String(r.packet + 1);
    c[1].textContent = this.timeMode === 'abs' ? r.abs : this.timeMode === 'rel' ? r.rel : r.delta;
    c[2].textContent = r.src;
    c[3].textContent = r.dst;
    c[4].textContent = r.protocol;
    c[5].textContent = String(r.length);
    this.fillInfo(c[6], r);
    row.mark!.textContent = r.mark ? MARK_TEXT[r.mark] : '';
    row.mark!.className = r.mark ? `mark mark-${r.mark}` : 'mark';
  }

  /** Info text, with the TCP options the worker explained as hoverable spans (text nodes only). */
  private fillInfo(cell: HTMLSpanElement, r: PacketRow): void {
    if (!r.tips?.length) {
      cell.textContent = r.info;
      cell.title = r.info;
      return;
    }
    cell.removeAttribute('title');
    clear(cell);
    let at = 0;
    for (const t of r.tips) {
      const k = r.info.indexOf(t.token, at);
      if (k < 0) continue;
      if (k > at) cell.append(r.info.slice(at, k));
      const span = el('span', t.warn ? 'opt warn' : 'opt', t.token);
      span.setAttribute('data-tip', t.tip);
      cell.append(span);
      at = k + t.token.length;
    }
    if (at < r.info.length) cell.append(r.info.slice(at));
  }

  private makeRow(): RowElement {
    const root: RowElement = el('div', 'prow');
    root.setAttribute('role', 'row');
    const cells: HTMLSpanElement[] = [];
    const mark = el('span', 'mark');
    for (let c = 0; c < COLUMNS.length; c++) {
      const cell = el('span', `pcell col${c}`);
      cells.push(cell);
    }
    const no = el('span', 'pcell col0');
    no.append(mark, cells[0]);
    cells[0].className = 'num';
    root.append(no, ...cells.slice(1));
    root.cells = cells;
    root.mark = mark;
    return root;
  }

  private startResize(e: PointerEvent, col: number, grip: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    grip.setPointerCapture(e.pointerId);
    const x0 = e.clientX,
      w0 = this.widths[col];
    const move = (m: PointerEvent) => {
      this.widths[col] = Math.max(36, Math.round(w0 + m.clientX - x0));
      this.applyWidths();
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      this.host.onColumnsChange(this.widths.slice());
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  }

  private reportedMin = -1;

  private applyWidths(): void {
    const info = Math.ceil(INFO_MIN_CHARS * (this.charPx || DEFAULT_CHAR_PX));
    this.root.style.setProperty('--cols', `${this.widths.map((w) => `${w}px`).join(' ')} minmax(${info}px, 1fr)`);
    const min = this.minWidth;
    this.root.style.setProperty('--table-min', `${min}px`);
    if (min !== this.reportedMin) {
      this.reportedMin = min;
      this.host.onMinWidth(min);
    }
  }
}
