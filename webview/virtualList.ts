import { fetchWindow, keyTarget } from './listNavigation';

/** Fixed row height (styles.css --row-h, .vtable tbody tr.frow): positions map to pixels without measuring. */
export const ROW_H = 22;
/** Browsers cap element heights (~33 M px in Chromium); past this the scrollbar maps positions proportionally. */
const MAX_SCROLL_PX = 8_000_000;
/** Frames a scroll offset the browser dropped is applied again (the list's layout settles within a few). */
const MAX_SCROLL_RETRIES = 5;

/** The elements a list lays its rows out in; the owner builds them, with its own classes and header. */
export interface ListLayout<R extends HTMLElement> {
  /** The scroll container. */
  scroller: HTMLElement;
  /** Where the pooled rows go, between the two spacers (both already inside it). */
  rows: HTMLElement;
  before: HTMLElement;
  after: HTMLElement;
  /** Height of a header that sticks at the top inside the scroller and covers rows (0: none). */
  headerHeight(): number;
  makeRow(): R;
}

/** What the list asks of its owner: the items, how a row shows one, and what to do with a pick. */
export interface ListOwner<T, R extends HTMLElement> {
  /** Items [start, start + count) are wanted; the owner answers with put(). */
  fetch(start: number, count: number): void;
  fill(row: R, item: T, position: number, selected: boolean): void;
  /** A row whose item has not arrived yet. */
  fillPending(row: R, position: number): void;
  /** An item became the selection; `notify`: the user (or a command) chose it, so act on it. */
  onPick(position: number, item: T, notify: boolean): void;
  /** The user clicked or pressed a navigation key (before the selection moves). */
  onUserSelect?(): void;
  onTopChange?(top: number): void;
}

export interface ListOptions {
  /** Items fetched beyond the visible window on each side, so small scrolls need no round trip. */
  overscan: number;
  /** Cached items kept around the viewport. */
  cacheLimit: number;
}

/**
 * The one virtualized list (packets, flows, anything long): a small pool of row elements for the
 * rows on screen, between two spacers that give the scroller its full height, filled from a cache
 * of item windows the worker sends. Ten million rows cost what a hundred do. Past the browsers'
 * height cap the scrollbar maps positions proportionally, and the rows sit at the scroll offset.
 * Selection is by position; the latest selection wins over one still waiting for its item.
 */
export class VirtualList<T, R extends HTMLElement> {
  private readonly pool: R[] = [];
  private readonly cache = new Map<number, T>();
  private readonly inFlight = new Set<number>();
  private total = 0;
  private topPos = 0;
  private selectedPos = -1;
  private pendingPick: { pos: number; notify: boolean } | undefined;
  private renderQueued = false;
  /** A selection was revealed while the list was hidden (another tab): reveal it again once it has a height. */
  private revealWhenShown = false;
  /** An offset scrollToTop set that the browser dropped (a list shown this frame), and how often it was retried. */
  private wantedScroll: number | undefined;
  private scrollRetries = 0;
  private suppressScroll = false;

  constructor(
    private readonly layout: ListLayout<R>,
    private readonly owner: ListOwner<T, R>,
    private readonly options: ListOptions,
  ) {
    // The list places its rows itself: the browser's scroll anchoring, which shifts scrollTop when the
    // spacer above the rows changes height, would move a scaled list hundreds of rows off its target.
    layout.scroller.style.overflowAnchor = 'none';
    layout.scroller.addEventListener('scroll', () => {
      if (this.suppressScroll) {
        this.suppressScroll = false;
        return;
      }
      this.topPos = this.topFor(layout.scroller.scrollTop);
      this.owner.onTopChange?.(this.topPos);
      this.queueRender();
    });
    layout.rows.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-pos]');
      if (!row || !layout.rows.contains(row)) return;
      this.owner.onUserSelect?.();
      this.select(Number(row.dataset.pos));
    });
  }

  get count(): number {
    return this.total;
  }

  get top(): number {
    return this.topPos;
  }

  get selected(): number {
    return this.selectedPos;
  }

  at(position: number): T | undefined {
    return this.cache.get(position);
  }

  /** A new list (a filter applied, a re-sort, a reload): forget cached items and the selection. */
  reset(count: number): void {
    this.total = count;
    this.cache.clear();
    this.inFlight.clear();
    this.selectedPos = -1;
    this.pendingPick = undefined;
    this.topPos = Math.min(this.topPos, Math.max(0, count - 1));
    this.queueRender();
  }

  /** The same list with changed items (a packet marked or commented): fetch them again, keep the selection and scroll. */
  refresh(): void {
    this.cache.clear();
    this.inFlight.clear();
    if (this.selectedPos >= 0) this.pendingPick = { pos: this.selectedPos, notify: false };
    this.queueRender();
  }

  /** More items are final (a file still being read): extend the list, keeping what is cached. */
  grow(count: number): void {
    if (count === this.total) return;
    this.total = count;
    this.queueRender();
  }

  /** Items the owner fetched; the caller checks they belong to the current list. */
  put(start: number, items: readonly T[]): void {
    this.inFlight.delete(start);
    items.forEach((item, k) => this.cache.set(start + k, item));
    if (this.cache.size > this.options.cacheLimit) {
      for (const pos of this.cache.keys()) if (Math.abs(pos - this.topPos) > this.options.cacheLimit / 2) this.cache.delete(pos);
    }
    this.queueRender();
  }

  /** Selects a position and brings it into view; `notify`: the owner acts on it once its item is there. */
  select(position: number, notify = true): void {
    if (this.total === 0) return;
    const pos = Math.max(0, Math.min(this.total - 1, position));
    this.selectedPos = pos;
    this.reveal(pos);
    const item = this.cache.get(pos);
    this.pendingPick = item === undefined ? { pos, notify } : undefined;
    if (item !== undefined) this.owner.onPick(pos, item, notify);
    this.queueRender();
  }

  /** The navigation keys (arrows, Page Up/Down, Home, End); true if the key was one. */
  onKey(e: KeyboardEvent): boolean {
    const page = Math.max(1, this.fullRows() - 1);
    const cur = this.selectedPos < 0 ? this.topPos - 1 : this.selectedPos;
    const next = keyTarget(e.key, cur, page, this.total);
    if (next === undefined) return false;
    e.preventDefault();
    this.owner.onUserSelect?.();
    this.select(next);
    return true;
  }

  /** Scrolls so that `top` is the first row (clamped so the last row ends at the bottom edge). */
  scrollToTop(top: number): void {
    const max = this.maxScroll();
    const last = this.scaled() ? this.total - this.fullRows() : Math.floor(max / ROW_H);
    this.topPos = Math.max(0, Math.min(top, last));
    // The last top position ends the scroll range part-way into a row: scroll to the very end so the
    // last row sits at the bottom edge instead of below it.
    const target = this.scaled() ? (this.topPos / Math.max(1, this.total - this.fullRows())) * max : this.topPos >= last ? max : this.topPos * ROW_H;
    this.layoutSpacers();
    this.scrollRetries = 0;
    this.applyScroll(target);
    this.owner.onTopChange?.(this.topPos);
    this.queueRender();
  }

  /**
   * Sets the scroll offset; if the browser does not take it (a list that just appeared may not have
   * its height laid out yet), render() applies it again on the next frames.
   */
  private applyScroll(target: number): void {
    const scroller = this.layout.scroller;
    const before = scroller.scrollTop;
    if (Math.abs(before - target) > 0.5) {
      scroller.scrollTop = target;
      // Only a scroll that happened fires the event this swallows: a flag left set would eat the user's next scroll.
      this.suppressScroll = Math.abs(scroller.scrollTop - before) > 0.5;
    }
    this.wantedScroll = Math.abs(scroller.scrollTop - target) > 0.5 && scroller.clientHeight > 0 ? target : undefined;
  }

  /** Rows that fit whole under the header. */
  fullRows(): number {
    return Math.max(1, Math.floor((this.layout.scroller.clientHeight - this.layout.headerHeight()) / ROW_H));
  }

  queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private reveal(pos: number): void {
    this.revealWhenShown = this.layout.scroller.clientHeight === 0;
    // The first row may be scrolled part-way off: one row fewer than fit is surely whole. A hidden
    // list (another tab) has no height: the row goes to the top, not one past it.
    const vis = Math.max(1, this.fullRows() - 1);
    // Where the list really is: a hidden list ignores scroll offsets, so its top position may be stale.
    if (this.total) this.topPos = this.topFor(this.layout.scroller.scrollTop);
    if (pos < this.topPos) this.scrollToTop(pos);
    else if (pos >= this.topPos + vis) this.scrollToTop(pos - vis + 1);
  }

  private scaled(): boolean {
    return this.total * ROW_H > MAX_SCROLL_PX;
  }

  /** Height of the rows' part: every row, or the browser-safe cap (then positions map proportionally). */
  private bodyHeight(): number {
    return Math.min(this.total * ROW_H, MAX_SCROLL_PX);
  }

  private maxScroll(): number {
    return Math.max(0, this.layout.headerHeight() + this.bodyHeight() - this.layout.scroller.clientHeight);
  }

  /** The first row shown at a scroll offset; scrollToTop is its inverse, so reveal and render agree. */
  private topFor(scrollTop: number): number {
    if (!this.scaled()) return Math.max(0, Math.min(Math.floor(scrollTop / ROW_H), this.total - 1));
    const max = Math.max(1, this.maxScroll());
    return Math.round((Math.min(scrollTop, max) / max) * Math.max(0, this.total - this.fullRows()));
  }

  /** Rows drawn: the whole ones plus the partly visible ones at either edge, never past the end. */
  private drawnRows(): number {
    return Math.max(0, Math.min(this.total - this.topPos, this.fullRows() + 2));
  }

  /** The spacers keep the content's height constant, so the scrollbar never jumps. */
  private layoutSpacers(): void {
    const total = this.bodyHeight();
    const drawn = this.drawnRows() * ROW_H;
    const st = this.layout.scroller.scrollTop;
    // Scaled, the rows sit at the scroll offset itself; otherwise at their own place.
    const beforePx = this.scaled() ? Math.max(0, Math.min(st, total - drawn)) : this.topPos * ROW_H;
    this.layout.before.style.height = `${beforePx}px`;
    this.layout.after.style.height = `${Math.max(0, total - beforePx - drawn)}px`;
  }

  /** Draws the rows on screen now (the owner calls it after a layout change it made). */
  render(): void {
    if (this.revealWhenShown && this.layout.scroller.clientHeight > 0 && this.selectedPos >= 0) this.reveal(this.selectedPos);
    else if (this.wantedScroll !== undefined && this.scrollRetries++ < MAX_SCROLL_RETRIES) {
      this.applyScroll(this.wantedScroll);
      if (this.wantedScroll !== undefined) this.queueRender();
    }
    this.topPos = this.total ? this.topFor(this.layout.scroller.scrollTop) : 0;
    const n = this.drawnRows();
    this.layoutSpacers();
    while (this.pool.length < n) {
      const row = this.layout.makeRow();
      this.layout.rows.insertBefore(row, this.layout.after);
      this.pool.push(row);
    }
    let missLo = -1,
      missHi = -1;
    for (let k = 0; k < this.pool.length; k++) {
      const row = this.pool[k];
      const pos = this.topPos + k;
      if (k >= n) {
        // A spare row keeps nothing of the item it showed: selectors over data-* (data-pos, the
        // owner's data-exchange, data-stream…) must find only the rows on screen.
        row.hidden = true;
        for (const key of Object.keys(row.dataset)) delete row.dataset[key];
        continue;
      }
      row.hidden = false;
      row.dataset.pos = String(pos);
      const item = this.cache.get(pos);
      if (item === undefined) {
        this.owner.fillPending(row, pos);
        if (missLo < 0) missLo = pos;
        missHi = pos;
        continue;
      }
      this.owner.fill(row, item, pos, pos === this.selectedPos);
    }
    if (missLo >= 0) this.fetch(missLo, missHi);
    const p = this.pendingPick;
    if (p && this.cache.has(p.pos)) {
      this.pendingPick = undefined;
      this.owner.onPick(p.pos, this.cache.get(p.pos)!, p.notify);
    }
  }

  private fetch(lo: number, hi: number): void {
    const { start, end } = fetchWindow(lo, hi, this.total, this.options.overscan);
    if (this.inFlight.has(start)) return;
    this.inFlight.add(start);
    this.owner.fetch(start, end - start);
  }
}
