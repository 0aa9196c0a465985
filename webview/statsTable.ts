import type { StatsSort } from '../src/protocol';
import { el } from './dom';
import { ROW_H, VirtualList } from './virtualList';

/** Rows fetched beyond the visible window on each side. */
const OVERSCAN = 40;
const CACHE_LIMIT = 2000;
/** Width of a text column without its own (an IPv4 endpoint, a MAC, most IPv6 ones), and of the filter column, in characters. */
const TEXT_CH = 24;
const FILTER_CH = 36;

export interface StatsColumn<T> {
  head: string;
  /** The worker's sort key for the column. */
  key: string;
  num?: boolean;
  /** Width in characters (unset: TEXT_CH); a wider window shares the rest in proportion. */
  width?: number;
  text(row: T): string;
  /** Draws the cell itself after its text is set (the hierarchy's indent, a share's bar). */
  decorate?(td: HTMLTableCellElement, row: T): void;
  tip?: string;
}

export interface StatsWindow<T> {
  start: number;
  total: number;
  rows: T[];
}

export interface StatsTableHost<T> {
  /** Rows start..start+count-1 in `sort` order (undefined: the request was dropped). */
  fetch(sort: StatsSort, start: number, count: number): Promise<StatsWindow<T> | undefined>;
  filterOf(row: T): string | undefined;
  /** A row was chosen (double-click, Enter, its filter clicked): show its packets. */
  onApply(filter: string): void;
  onSortChange(sort: StatsSort): void;
  /** A key on the selected row, before the list's own keys (a tree folds on Left/Right); true: handled. */
  onRowKey?(e: KeyboardEvent, pos: number, row: T): boolean;
}

/**
 * A statistics table (protocol hierarchy, endpoints, conversations): the rows stay in the worker,
 * which sorts them and sends the window on screen through the one virtual list. A header click
 * sorts by that column (again: the other way); each row ends in the display filter it stands for —
 * clicking it, double-clicking the row or pressing Enter applies it. Capture text goes in as text.
 */
export class StatsTable<T> {
  readonly root = el('div', 'stats-list');
  private readonly table = el('table', 'atable stable');
  private readonly heads: HTMLTableCellElement[] = [];
  private readonly body = el('tbody');
  private readonly placeholder = el('div', 'placeholder');
  private readonly list: VirtualList<T, HTMLTableRowElement>;
  /** Bumped by every reload: windows asked for before belong to another order or capture. */
  private epoch = 0;

  constructor(
    private readonly columns: readonly StatsColumn<T>[],
    private readonly host: StatsTableHost<T>,
    private sort: StatsSort,
    private readonly emptyText: string,
  ) {
    this.root.tabIndex = 0;
    const head = el('tr');
    const all: StatsColumn<T>[] = [
      ...columns,
      { head: 'Filter', key: '', width: FILTER_CH, text: () => '', tip: 'The display filter the row applies (click it, double-click the row or press Enter)' },
    ];
    // Fixed layout: every column has a width, and the table never gets narrower than their sum
    // (it scrolls sideways instead), so no column is squeezed to nothing; wider, they share the rest.
    const chars = all.reduce((sum, c) => sum + (c.width ?? TEXT_CH), 0);
    this.table.style.minWidth = `calc(${chars}ch + ${all.length * 16}px)`;
    for (const c of all) {
      const th = el('th', c.num ? 'num' : undefined);
      th.dataset.key = c.key;
      th.style.width = `${c.width ?? TEXT_CH}ch`;
      th.append(el('span', '', c.head), el('span', 'sort-mark'));
      th.title = c.key ? `${c.tip ? `${c.tip}. ` : ''}Click to sort by ${c.head.toLowerCase()}.` : (c.tip ?? '');
      if (c.key) {
        const sortBy = () => this.setSort({ key: c.key, descending: this.sort.key === c.key ? !this.sort.descending : !!c.num });
        th.addEventListener('click', sortBy);
        // Keyboard: Tab reaches each header, Enter or Space sorts by it.
        th.tabIndex = 0;
        th.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          e.stopPropagation();
          sortBy();
        });
      }
      th.setAttribute('scope', 'col');
      head.append(th);
      this.heads.push(th);
    }
    const before = el('tr', 'spacer');
    const after = el('tr', 'spacer');
    this.table.append(el('thead'), this.body);
    this.table.tHead!.append(head);
    this.body.append(before, after);
    this.root.append(this.table, this.placeholder);
    this.placeholder.hidden = true;
    this.list = new VirtualList<T, HTMLTableRowElement>(
      {
        scroller: this.root,
        rows: this.body,
        before,
        after,
        headerHeight: () => this.table.tHead?.offsetHeight ?? ROW_H,
        makeRow: () => {
          const tr = el('tr', 'frow');
          for (const c of columns) tr.append(el('td', c.num ? 'num' : undefined));
          tr.append(el('td', 'row-filter'));
          return tr;
        },
      },
      {
        fetch: (start, count) => this.fetchWindow(start, count),
        fill: (tr, row, _pos, selected) => this.fill(tr, row, selected),
        fillPending: (tr) => {
          tr.className = 'frow pending';
          for (const td of tr.cells) td.textContent = '';
        },
        onPick: () => {},
      },
      { overscan: OVERSCAN, cacheLimit: CACHE_LIMIT },
    );
    this.root.addEventListener('keydown', (e) => {
      // Row keys only with the rows focused: Left and Right on a focused header are no fold.
      const pos = this.list.selected;
      const row = e.target === this.root ? this.list.at(pos) : undefined;
      if (row !== undefined && this.host.onRowKey?.(e, pos, row)) {
        e.preventDefault();
        return;
      }
      if (this.list.onKey(e)) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        this.applySelected();
      }
    });
    this.body.addEventListener('click', (e) => {
      const cell = (e.target as HTMLElement).closest('td.row-filter');
      const row = cell?.closest<HTMLElement>('tr[data-pos]');
      if (cell && row) this.apply(Number(row.dataset.pos));
    });
    this.body.addEventListener('dblclick', (e) => {
      // Double-clicking a tree's twisty folds and unfolds it twice; it does not apply the row.
      if ((e.target as HTMLElement).closest('.twisty')) return;
      const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-pos]');
      if (row) this.apply(Number(row.dataset.pos));
    });
    new ResizeObserver(() => this.list.queueRender()).observe(this.root);
    this.showSortMark();
  }

  get currentSort(): StatsSort {
    return this.sort;
  }

  get selected(): number {
    return this.list.selected;
  }

  /** The row at a position, when the list has it. */
  rowAt(pos: number): T | undefined {
    return this.list.at(pos);
  }

  /** The position of the row an element of it (a click's target) is in. */
  posOf(target: Element): number | undefined {
    const row = target.closest<HTMLElement>('tr[data-pos]');
    return row ? Number(row.dataset.pos) : undefined;
  }

  select(pos: number): void {
    this.list.select(pos, false);
  }

  /** The filter of the selected row (the page's Apply as Filter button). */
  selectedFilter(): string | undefined {
    const row = this.list.at(this.list.selected);
    return row === undefined ? undefined : this.host.filterOf(row);
  }

  applySelected(): void {
    if (this.list.selected >= 0) this.apply(this.list.selected);
  }

  /** Asks the worker again from the first row (a new capture, a new kind or order). */
  reload(): void {
    const epoch = ++this.epoch;
    this.list.reset(0);
    this.placeholder.hidden = false;
    this.placeholder.textContent = 'Computing…';
    this.table.hidden = true;
    void this.host.fetch(this.sort, 0, OVERSCAN * 2).then((w) => {
      if (!w || epoch !== this.epoch) return;
      this.list.reset(w.total);
      this.list.put(w.start, w.rows);
      this.placeholder.hidden = w.total > 0;
      this.placeholder.textContent = w.total > 0 ? '' : this.emptyText;
      this.table.hidden = w.total === 0;
      this.root.scrollTop = 0;
      if (w.total > 0) this.list.select(0, false);
    });
  }

  /**
   * The same order with rows added or removed after `pos` (a tree node folded or unfolded): asks
   * again around the rows on screen, keeping the scroll, and selects `pos` — no "Computing…" flash.
   */
  reloadKeeping(pos: number): void {
    const epoch = ++this.epoch;
    const start = Math.max(0, this.list.top - OVERSCAN);
    void this.host.fetch(this.sort, start, OVERSCAN * 3).then((w) => {
      if (!w || epoch !== this.epoch) return;
      this.list.reset(w.total);
      this.list.put(w.start, w.rows);
      if (w.total > 0) this.list.select(Math.min(pos, w.total - 1), false);
    });
  }

  focus(): void {
    this.root.focus();
  }

  private fetchWindow(start: number, count: number): void {
    const epoch = this.epoch;
    void this.host.fetch(this.sort, start, count).then((w) => {
      if (w && epoch === this.epoch) this.list.put(w.start, w.rows);
    });
  }

  private apply(pos: number): void {
    const row = this.list.at(pos);
    if (row === undefined) return;
    this.list.select(pos, false);
    const filter = this.host.filterOf(row);
    if (filter) this.host.onApply(filter);
  }

  private setSort(sort: StatsSort): void {
    this.sort = sort;
    this.showSortMark();
    this.host.onSortChange(sort);
    this.reload();
  }

  private showSortMark(): void {
    for (const th of this.heads) {
      const on = !!th.dataset.key && th.dataset.key === this.sort.key;
      th.classList.toggle('sorted', on);
      if (th.dataset.key) th.setAttribute('aria-sort', on ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      th.querySelector('.sort-mark')!.textContent = on ? (this.sort.descending ? ' ▼' : ' ▲') : '';
    }
  }

  private fill(tr: HTMLTableRowElement, row: T, selected: boolean): void {
    tr.className = `frow${selected ? ' selected' : ''}`;
    this.columns.forEach((c, i) => {
      const td = tr.cells[i];
      td.textContent = c.text(row);
      c.decorate?.(td, row);
      if (!c.num) td.title = td.textContent ?? '';
    });
    const f = tr.cells[this.columns.length];
    const filter = this.host.filterOf(row);
    f.textContent = filter ?? '';
    f.title = filter ? `Apply ${filter}` : 'Our display filter does not know this protocol';
  }
}
