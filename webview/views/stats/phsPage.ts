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

const COLUMNS: StatsColumn<PhsRow>[] = [
  {
    head: 'Protocol',
    key: 'protocol',
    text: (r) => r.protocol,
    decorate: (td, r) => {
      td.style.paddingLeft = `${8 + r.depth * INDENT_PX}px`;
      td.dataset.depth = String(r.depth);
    },
    tip: 'the protocol path, as tshark -z io,phs nests it; a sort orders the protocols under each one',
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

/**
 * Statistics → Protocol Hierarchy (tshark's `-z io,phs`): an indented tree of the protocol paths,
 * each with its packets and bytes and their share of the capture (a bar behind the share). A row
 * applies its protocol as a filter (`tcp`, `http`), when our filter knows the protocol.
 */
export class PhsPage {
  readonly label = 'Protocol Hierarchy';
  readonly root = el('div', 'stats-page stats-phs');
  private readonly table: StatsTable<PhsRow>;

  constructor(host: TablePageHost & { onSort(s: StatsSort<PhsSortKey>): void }, sort: StatsSort<PhsSortKey>) {
    this.table = new StatsTable<PhsRow>(
      COLUMNS,
      {
        fetch: (s, start, count) =>
          requests.request('phs', { sort: s as StatsSort<PhsSortKey>, start, count }).then(
            (r) => r,
            (e: unknown) => {
              unanswered(e);
              return undefined;
            },
          ),
        filterOf: (r) => r.filter,
        onApply: (f) => host.onApply(f),
        onSortChange: (s) => host.onSort(s as StatsSort<PhsSortKey>),
      },
      sort,
      'No packets in this capture.',
    );
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
}
