import type { CompareCell, CompareFieldView, CompareRowView } from '../../src/protocol';
import { el } from '../dom';
import { VirtualList } from '../virtualList';

const OVERSCAN = 60;
const CACHE_LIMIT = 2000;
const COLUMNS = ['A No.', 'A time', 'A packet', 'B No.', 'B time', 'B packet', 'Delay (ms)', 'Between A and B'];

const SHORT_CLASS: Record<CompareRowView['cls'], string> = {
  matched: '',
  modified: 'modified',
  lostBetween: 'lost between',
  appearedBetween: 'appeared between',
  onlyOutsideOverlap: 'other capture not running',
  notForwarded: 'not forwarded',
};

/** A changed field in the order the packet travelled: the value where it entered the path → where it left it. */
export function fieldChangeText(f: CompareFieldView, direction: CompareRowView['direction']): string {
  const a = `${f.a ?? 'absent'} (A)`,
    b = `${f.b ?? 'absent'} (B)`;
  return `${f.name}: ${direction === 'bToA' ? `${b} → ${a}` : `${a} → ${b}`}`;
}

type RowElement = HTMLDivElement & { cells?: HTMLSpanElement[] };

export interface CompareTableHost {
  /** Rows [start, start + count) of the current list are wanted (answered with put()). */
  requestRows(list: number, start: number, count: number): void;
  /** A frame number was clicked: show it in its capture's editor. */
  onReveal(side: 'a' | 'b', frame: number): void;
  onSelect(position: number): void;
}

/**
 * The side-by-side table: one row per event, a pair on one line (A frame | time | packet ‖ B frame |
 * time | packet | delay), a packet only one capture has with the other side empty, a modified pair
 * tinted with its changed fields listed. The rows come in windows from the worker through the one
 * virtual list; every text goes in as textContent.
 */
export class CompareTable {
  readonly root = el('div', 'ptable ctable');
  private readonly header = el('div', 'prow phead crow');
  private readonly scroller = el('div', 'pscroll');
  private readonly layer = el('div', 'players');
  private readonly list: VirtualList<CompareRowView, RowElement>;
  /** Which list the rows belong to (a connection picked starts a new one). */
  private listId = 0;

  constructor(private readonly host: CompareTableHost) {
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute('aria-label', 'Packets of both captures, side by side');
    for (const name of COLUMNS) this.header.append(el('span', 'pcell', name));
    const before = el('div', 'pspacer');
    const after = el('div', 'pspacer');
    this.layer.append(before, after);
    this.scroller.append(this.layer);
    this.root.append(this.header, this.scroller);
    this.list = new VirtualList<CompareRowView, RowElement>(
      { scroller: this.scroller, rows: this.layer, before, after, headerHeight: () => 0, makeRow: () => this.makeRow() },
      {
        fetch: (start, count) => this.host.requestRows(this.listId, start, count),
        fill: (row, r, pos, selected) => this.fill(row, r, pos, selected),
        fillPending: (row, pos) => {
          row.className = 'prow crow pending';
          row.dataset.pos = String(pos);
          for (const c of row.cells!) c.textContent = '';
        },
        onPick: (pos, _r, notify) => {
          if (notify) this.host.onSelect(pos);
        },
      },
      { overscan: OVERSCAN, cacheLimit: CACHE_LIMIT },
    );
    this.root.addEventListener('keydown', (e) => this.list.onKey(e));
    this.layer.addEventListener('click', (e) => {
      const link = (e.target as HTMLElement).closest<HTMLElement>('.frame-link');
      if (link?.dataset.side && link.dataset.frame) this.host.onReveal(link.dataset.side as 'a' | 'b', Number(link.dataset.frame));
    });
    new ResizeObserver(() => requestAnimationFrame(() => this.list.render())).observe(this.scroller);
  }

  /** A new list of `count` rows (a connection picked); returns its id for the replies. */
  setList(count: number): number {
    this.listId++;
    this.list.reset(count);
    this.list.scrollToTop(0);
    return this.listId;
  }

  put(list: number, start: number, rows: CompareRowView[]): void {
    if (list === this.listId) this.list.put(start, rows);
  }

  select(position: number, notify = false): void {
    this.list.select(position, notify);
  }

  get selected(): number {
    return this.list.selected;
  }

  private makeRow(): RowElement {
    const row = el('div', 'prow crow') as RowElement;
    row.setAttribute('role', 'row');
    row.cells = COLUMNS.map((_, k) => el('span', `pcell ccol${k}`));
    row.append(...row.cells);
    return row;
  }

  private fill(row: RowElement, r: CompareRowView, pos: number, selected: boolean): void {
    row.className = `prow crow cls-${r.cls}${selected ? ' selected' : ''}`;
    row.dataset.pos = String(pos);
    row.dataset.tip = r.verdict;
    row.setAttribute('aria-selected', String(selected));
    const c = row.cells!;
    this.side(c[0], c[1], c[2], r.a, 'a');
    this.side(c[3], c[4], c[5], r.b, 'b');
    c[6].textContent = r.delay ?? '';
    c[7].textContent = r.fields.length ? r.fields.map((f) => fieldChangeText(f, r.direction)).join('; ') : SHORT_CLASS[r.cls];
  }

  private side(no: HTMLSpanElement, time: HTMLSpanElement, summary: HTMLSpanElement, cell: CompareCell | undefined, side: 'a' | 'b'): void {
    no.textContent = '';
    if (cell) {
      const link = el('span', 'frame-link', String(cell.frame));
      link.dataset.side = side;
      link.dataset.frame = String(cell.frame);
      link.title = `Show frame ${cell.frame} in capture ${side.toUpperCase()}`;
      no.append(link);
    }
    time.textContent = cell?.time ?? '';
    summary.textContent = cell?.summary ?? '';
    summary.classList.toggle('absent', !cell);
  }
}
