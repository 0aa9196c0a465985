import type { PhsRow, PhsSortKey, StatsSort } from '../../../src/protocol';
import { el } from '../../dom';
import { requests, unanswered } from '../../hostChannel';
import { StatsTable, type StatsColumn } from '../../statsTable';
import { grouped, percentText, sizeText } from './statsText';
import { tableBar, type TablePageHost } from './tablePage';

/** Indent per level of the tree (px). */
const INDENT_PX = 16;

/** A share as a bar behind its number: a custom property the stylesheet draws (CSSOM: no markup, CSP-safe). */
const share = (percent: (r: PhsRow) => number) => (td: HTMLTableCellElement, r: PhsRow) => {
  td.classList.add('share');
  td.style.setProperty('--share', `${Math.max(0, Math.min(100, percent(r)))}%`);
};

/** The columns; the protocol's cell draws the node's twisty (folded: `collapsed` has its path). */
const columns = (collapsed: ReadonlySet<string>): StatsColumn<PhsRow>[] => [
  {
    head: 'Protocol',
    key: 'protocol',
    text: (r) => r.protocol,
    decorate: (td, r) => {
      td.style.paddingLeft = `${8 + r.depth * INDENT_PX}px`;
      td.dataset.depth = String(r.depth);
      // The glyph is the stylesheet's (::before): the cell's text stays the protocol's name.
      const open = !collapsed.has(r.path);
      td.prepend(el('span', r.children ? `twisty ${open ? 'open' : 'folded'}` : 'twisty leaf'));
      const tr = td.parentElement!;
      if (r.children) tr.setAttribute('aria-expanded', String(open));
      else tr.removeAttribute('aria-expanded');
      tr.setAttribute('aria-level', String(r.depth + 1));
    },
    tip: 'the protocol path, as tshark -z io,phs nests it; a sort orders the protocols under each one. Click the arrow (or press Left, Right) to fold or unfold a protocol',
  },
  {
    head: '% Packets',
    key: 'frames',
    num: true,
    width: 16,
    text: (r) => percentText(r.framesPercent),
    decorate: share((r) => r.framesPercent),
    tip: 'share of all packets',
  },
  { head: 'Packets', key: 'frames', num: true, width: 10, text: (r) => grouped(r.frames) },
  {
    head: '% Bytes',
    key: 'bytes',
    num: true,
    width: 16,
    text: (r) => percentText(r.bytesPercent),
    decorate: share((r) => r.bytesPercent),
    tip: 'share of all frame bytes',
  },
  { head: 'Bytes', key: 'bytes', num: true, width: 10, text: (r) => sizeText(r.bytes) },
];

export interface PhsPageHost extends TablePageHost {
  onSort(s: StatsSort<PhsSortKey>): void;
  /** The folded nodes changed (kept with the page's state). */
  onCollapsed(paths: string[]): void;
}

/**
 * Statistics → Protocol Hierarchy (tshark's `-z io,phs`): an indented tree of the protocol paths,
 * each with its packets and bytes and their share of the capture (a bar behind the share). A row
 * applies its protocol as a filter (`tcp`, `http`), when our filter knows the protocol. A node
 * folds and unfolds as in VS Code's trees: its twisty, or Left and Right on the selected row; the
 * worker leaves out what is under a folded node, so the virtual list only ever holds shown rows.
 */
export class PhsPage {
  readonly label = 'Protocol Hierarchy';
  readonly root = el('div', 'stats-page stats-phs');
  private readonly table: StatsTable<PhsRow>;
  private readonly collapsed: Set<string>;

  constructor(
    private readonly host: PhsPageHost,
    sort: StatsSort<PhsSortKey>,
    collapsed: readonly string[],
  ) {
    this.collapsed = new Set(collapsed);
    this.table = new StatsTable<PhsRow>(
      columns(this.collapsed),
      {
        fetch: (s, start, count) =>
          requests.request('phs', { sort: s as StatsSort<PhsSortKey>, start, count, collapsed: [...this.collapsed] }).then(
            (r) => r,
            (e: unknown) => {
              unanswered(e);
              return undefined;
            },
          ),
        filterOf: (r) => r.filter,
        onApply: (f) => host.onApply(f),
        onSortChange: (s) => host.onSort(s as StatsSort<PhsSortKey>),
        onRowKey: (e, pos, row) => this.onRowKey(e, pos, row),
      },
      sort,
      'No packets in this capture.',
    );
    this.table.root.addEventListener('click', (e) => {
      const twisty = (e.target as Element).closest('.twisty');
      const pos = twisty ? this.table.posOf(twisty) : undefined;
      const row = pos === undefined ? undefined : this.table.rowAt(pos);
      if (pos !== undefined && row?.children) this.setOpen(pos, row, this.collapsed.has(row.path));
    });
    const bar = tableBar(
      () => this.table as StatsTable<unknown>,
      () => ({ table: 'phs', sort: this.table.currentSort, what: 'the protocol hierarchy' }),
      host,
    );
    this.root.append(bar.root, this.table.root);
  }

  load(): void {
    this.table.reload();
  }

  focus(): void {
    this.table.focus();
  }

  /** VS Code's tree keys: Right unfolds, then goes to the first child; Left folds, then goes to the parent. */
  private onRowKey(e: KeyboardEvent, pos: number, row: PhsRow): boolean {
    const folded = this.collapsed.has(row.path);
    if (e.key === 'ArrowRight') {
      if (!row.children) return false;
      if (folded) this.setOpen(pos, row, true);
      else this.table.select(pos + 1);
      return true;
    }
    if (e.key !== 'ArrowLeft') return false;
    if (row.children && !folded) {
      this.setOpen(pos, row, false);
      return true;
    }
    for (let p = pos - 1; p >= 0; p--) {
      const up = this.table.rowAt(p);
      if (up === undefined) return false;
      if (up.depth < row.depth) {
        this.table.select(p);
        return true;
      }
    }
    return false;
  }

  private setOpen(pos: number, row: PhsRow, open: boolean): void {
    if (open) this.collapsed.delete(row.path);
    else this.collapsed.add(row.path);
    this.host.onCollapsed([...this.collapsed]);
    this.table.reloadKeeping(pos);
  }
}
