import type { PacketRow, TimeMode } from '../src/protocol';
import { clear, el } from './dom';
import { fetchWindow, keyTarget } from './listNavigation';

const ROW_H = 22;
/** Browsers cap element heights (~33 M px in Chromium); past this the scrollbar maps proportionally. */
const MAX_SCROLL_PX = 8_000_000;
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

interface RowView { root: HTMLDivElement; cells: HTMLSpanElement[]; mark: HTMLSpanElement }

/**
 * The virtualized packet list: a fixed pool of row elements for the visible window, filled from a
 * cache of row windows the worker computed. Ten million rows cost the same as a hundred.
 */
export class PacketTable {
  readonly root = el('div', 'ptable');
  private readonly header = el('div', 'prow phead');
  private readonly scroller = el('div', 'pscroll');
  private readonly layer = el('div', 'players');
  /** Moves by the sub-row scroll offset inside the sticky layer. */
  private readonly inner = el('div', 'pinner');
  private readonly filler = el('div', 'pfiller');
  /** What an empty view says (an empty capture, a filter that matches nothing). */
  private readonly empty = el('div', 'placeholder ptable-empty');
  private readonly pool: RowView[] = [];
  private readonly cache = new Map<number, PacketRow>();
  private readonly inFlight = new Set<number>();
  private gen = -1;
  private count = 0;
  private top = 0;
  private selectedPos = -1;
  private timeMode: TimeMode = 'rel';
  private widths: number[];
  private renderQueued = false;
  private suppressScroll = false;
  private charPx = 0;

  constructor(private readonly host: TableHost, widths: number[]) {
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
    this.layer.append(this.inner);
    this.empty.hidden = true;
    this.scroller.append(this.layer, this.filler, this.empty);
    this.root.append(this.header, this.scroller);
    this.applyWidths();
    this.scroller.addEventListener('scroll', () => {
      if (this.suppressScroll) { this.suppressScroll = false; return; }
      this.top = this.topFromScroll();
      this.host.onViewportChange(this.top);
      this.queueRender();
    });
    this.layer.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest('.prow') as HTMLDivElement | null;
      if (row?.dataset.pos) this.select(Number(row.dataset.pos));
    });
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.queueLayout()).observe(this.scroller);
  }

  /** The narrowest the table gets before it scrolls sideways: every column at its width, Info at its minimum. */
  get minWidth(): number {
    const scrollbar = this.scroller.offsetWidth - this.scroller.clientWidth;
    return this.widths.reduce((a, b) => a + b, 0) + Math.ceil(INFO_MIN_CHARS * (this.charPx || DEFAULT_CHAR_PX)) + scrollbar;
  }

  get selected(): number {
    return this.selectedPos;
  }

  get topPosition(): number {
    return this.top;
  }

  get rowCount(): number {
    return this.count;
  }

  /** A new view (filter applied, file reloaded): forget cached rows. */
  setView(gen: number, count: number): void {
    this.gen = gen;
    this.count = count;
    this.cache.clear();
    this.inFlight.clear();
    this.selectedPos = -1;
    this.top = Math.min(this.top, Math.max(0, count - 1));
    this.layoutFiller();
    this.scrollToTop(this.top);
    this.queueRender();
  }

  /** The message shown while the view has no rows ('' for none). */
  setEmptyText(text: string): void {
    this.empty.textContent = text;
    this.queueRender();
  }

  setTimeMode(mode: TimeMode): void {
    this.timeMode = mode;
    this.header.children[1].firstChild!.textContent = mode === 'abs' ? 'Time (absolute)' : mode === 'rel' ? 'Time' : 'Time (delta)';
    this.queueRender();
  }

  /** More rows of the file being read are final: extend the view without dropping what is cached. */
  grow(gen: number, count: number): void {
    if (gen !== this.gen) { this.setView(gen, count); return; }
    if (count === this.count) return;
    this.count = count;
    this.layoutFiller();
    this.queueRender();
  }

  /** Marks a finding's evidence packets (0-based) in the table. */
  setEvidence(packets: ReadonlySet<number>): void {
    this.evidence = packets;
    this.queueRender();
  }

  private evidence: ReadonlySet<number> = new Set();

  addRows(gen: number, start: number, rows: PacketRow[]): void {
    if (gen !== this.gen) return;
    this.inFlight.delete(start);
    rows.forEach((r, k) => this.cache.set(start + k, r));
    if (this.cache.size > CACHE_LIMIT) {
      for (const pos of this.cache.keys()) if (Math.abs(pos - this.top) > CACHE_LIMIT / 2) this.cache.delete(pos);
    }
    this.queueRender();
  }

  rowAt(position: number): PacketRow | undefined {
    return this.cache.get(position);
  }

  /** Selects a position and brings it into view (the host then asks for its details). */
  select(position: number, notify = true): void {
    if (this.count === 0) return;
    const pos = Math.max(0, Math.min(this.count - 1, position));
    this.selectedPos = pos;
    this.reveal(pos);
    this.queueRender();
    const row = this.cache.get(pos);
    if (notify && row) this.host.onSelect(pos, row.packet);
    else if (notify) this.pendingSelect = pos;
  }

  private pendingSelect = -1;

  scrollToTop(top: number): void {
    const max = Math.max(0, this.scroller.scrollHeight - this.scroller.clientHeight);
    const last = this.scaled() ? this.count - this.visibleRows() : Math.floor(max / ROW_H);
    this.top = Math.max(0, Math.min(top, last));
    // The last top position ends the scroll range part-way into a row: scroll to the very end so the
    // last row sits at the bottom edge instead of below it.
    const target = this.scaled() ? (this.top / Math.max(1, this.count - this.visibleRows())) * max : this.top >= last ? max : this.top * ROW_H;
    if (Math.abs(this.scroller.scrollTop - target) > 0.5) {
      this.suppressScroll = true;
      this.scroller.scrollTop = target;
    }
    this.host.onViewportChange(this.top);
    this.queueRender();
  }

  private reveal(pos: number): void {
    const vis = this.visibleRows() - 1;
    if (pos < this.top) this.scrollToTop(pos);
    else if (pos >= this.top + vis) this.scrollToTop(pos - vis + 1);
  }

  private visibleRows(): number {
    return Math.max(1, Math.floor(this.scroller.clientHeight / ROW_H));
  }

  private scaled(): boolean {
    return this.count * ROW_H > MAX_SCROLL_PX;
  }

  private layoutFiller(): void {
    const total = Math.min(this.count * ROW_H, MAX_SCROLL_PX);
    // The row layer is sticky and one viewport tall; the filler supplies the rest of the height.
    this.layer.style.height = `${this.scroller.clientHeight}px`;
    this.filler.style.height = `${Math.max(0, total - this.scroller.clientHeight)}px`;
  }

  private topFromScroll(): number {
    const st = this.scroller.scrollTop;
    if (!this.scaled()) return Math.floor(st / ROW_H);
    const max = Math.max(1, this.scroller.scrollHeight - this.scroller.clientHeight);
    return Math.round((st / max) * Math.max(0, this.count - this.visibleRows()));
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
      this.layoutFiller();
      this.render();
    });
  }

  /** The width of one character of the table's (monospace) font, once the table is on the page. */
  private measureChar(): boolean {
    const probe = el('span', 'pcell', '0'.repeat(20));
    probe.style.cssText = 'position:absolute;visibility:hidden;padding:0';
    this.inner.append(probe);
    const w = probe.getBoundingClientRect().width / 20;
    probe.remove();
    if (w > 0) this.charPx = w;
    return w > 0;
  }

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => { this.renderQueued = false; this.render(); });
  }

  private render(): void {
    this.empty.hidden = this.count > 0 || !this.empty.textContent;
    const n = this.visibleRows() + 1;
    while (this.pool.length < n) this.pool.push(this.makeRow());
    const offset = this.scaled() ? 0 : this.scroller.scrollTop - this.top * ROW_H;
    this.inner.style.transform = `translateY(${-offset}px)`;
    let missLo = -1, missHi = -1;
    for (let k = 0; k < this.pool.length; k++) {
      const v = this.pool[k];
      const pos = this.top + k;
      if (k >= n || pos >= this.count) { v.root.hidden = true; continue; }
      v.root.hidden = false;
      v.root.dataset.pos = String(pos);
      const row = this.cache.get(pos);
      v.root.className = `prow${row ? ` c-${row.color}` : ' pending'}${pos === this.selectedPos ? ' selected' : ''}${row && this.evidence.has(row.packet) ? ' evidence' : ''}`;
      v.root.setAttribute('aria-selected', String(pos === this.selectedPos));
      if (!row) {
        for (const c of v.cells) c.textContent = '';
        v.mark.textContent = '';
        if (missLo < 0) missLo = pos;
        missHi = pos;
        continue;
      }
      this.fill(v, row);
    }
    if (missLo >= 0) this.fetch(missLo, missHi);
    if (this.pendingSelect >= 0 && this.cache.has(this.pendingSelect)) {
      const pos = this.pendingSelect;
      this.pendingSelect = -1;
      this.host.onSelect(pos, this.cache.get(pos)!.packet);
    }
  }

  private fill(v: RowView, r: PacketRow): void {
    const c = v.cells;
    c[0].textContent = String(r.packet + 1);
    c[1].textContent = this.timeMode === 'abs' ? r.abs : this.timeMode === 'rel' ? r.rel : r.delta;
    c[2].textContent = r.src;
    c[3].textContent = r.dst;
    c[4].textContent = r.protocol;
    c[5].textContent = String(r.length);
    this.fillInfo(c[6], r);
    v.mark.textContent = r.mark ? MARK_TEXT[r.mark] : '';
    v.mark.className = r.mark ? `mark mark-${r.mark}` : 'mark';
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

  private fetch(lo: number, hi: number): void {
    const { start, end } = fetchWindow(lo, hi, this.count, OVERSCAN);
    if (this.inFlight.has(start)) return;
    this.inFlight.add(start);
    this.host.requestRows(this.gen, start, end - start);
  }

  private makeRow(): RowView {
    const root = el('div', 'prow');
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
    this.inner.append(root);
    return { root, cells, mark };
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, this.visibleRows() - 1);
    const cur = this.selectedPos < 0 ? this.top - 1 : this.selectedPos;
    const next = keyTarget(e.key, cur, page, this.count);
    if (next === undefined) return;
    e.preventDefault();
    this.select(next);
  }

  private startResize(e: PointerEvent, col: number, grip: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    grip.setPointerCapture(e.pointerId);
    const x0 = e.clientX, w0 = this.widths[col];
    const move = (m: PointerEvent) => { this.widths[col] = Math.max(36, Math.round(w0 + m.clientX - x0)); this.applyWidths(); };
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
