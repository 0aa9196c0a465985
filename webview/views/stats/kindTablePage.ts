import type { StatsKind, StatsSort } from '../../../src/protocol';
import { el } from '../../dom';
import { unanswered } from '../../hostChannel';
import { StatsTable, type StatsColumn, type StatsWindow } from '../../statsTable';
import { KIND_LABELS, tableBar, type TablePageHost } from './tablePage';

/** What sets the Endpoints page apart from the Conversations page (endpointsPage.ts, conversationsPage.ts). */
export interface KindTableSpec<Row, Key extends string> {
  readonly label: string;
  /** The worker's table, for Copy as CSV; also the page's class (`stats-endpoints`). */
  readonly table: 'endpoints' | 'conversations';
  /** The rows named in the plural ("endpoints"), after the kind: "TCP endpoints". */
  readonly noun: string;
  /** TCP and UDP tables have port columns, the others do not. */
  columns(kind: StatsKind): StatsColumn<Row>[];
  /** Asks the worker for rows start..start+count-1 of the kind's table in `sort` order. */
  fetch(kind: StatsKind, sort: StatsSort<Key>, start: number, count: number): Promise<StatsWindow<Row>>;
  filterOf(row: Row): string | undefined;
}

export interface KindTableState<Key extends string> {
  kind: StatsKind;
  sort: StatsSort<Key>;
}

const kindLabel = (kind: StatsKind) => KIND_LABELS.find(([k]) => k === kind)![1];

/**
 * A statistics table with one table per kind (Ethernet, IPv4, IPv6, TCP, UDP) chosen in its bar:
 * Endpoints and Conversations. Each kind keeps its own order while the page lives; switching kind
 * builds that kind's table (its columns differ) and asks the worker for it.
 */
export class KindTablePage<Row, Key extends string> {
  readonly label: string;
  readonly root: HTMLElement;
  private table!: StatsTable<Row>;
  private readonly bar: ReturnType<typeof tableBar>;
  private readonly sorts = new Map<StatsKind, StatsSort<Key>>();

  constructor(
    private readonly spec: KindTableSpec<Row, Key>,
    private readonly host: TablePageHost & { onState(s: KindTableState<Key>): void },
    private state: KindTableState<Key>,
  ) {
    this.label = spec.label;
    this.root = el('div', `stats-page stats-${spec.table}`);
    this.sorts.set(state.kind, state.sort);
    this.bar = tableBar(
      () => this.table as StatsTable<unknown>,
      () => ({ table: spec.table, kind: this.state.kind, sort: this.table.currentSort, what: `${kindLabel(this.state.kind)} ${spec.noun}` }),
      host,
      { selected: state.kind, onKind: (kind) => this.setKind(kind) },
    );
    this.root.append(this.bar.root);
    this.build();
  }

  /** Asks the worker for the table again (shown, or a new capture). */
  load(): void {
    this.table.reload();
  }

  focus(): void {
    this.table.focus();
  }

  private setKind(kind: StatsKind): void {
    if (kind === this.state.kind) return;
    this.state = { kind, sort: this.sorts.get(kind) ?? { key: 'first' as Key, descending: false } };
    this.bar.selectKind(kind);
    this.host.onState(this.state);
    this.table.root.remove();
    this.build();
    this.load();
  }

  private build(): void {
    const kind = this.state.kind;
    this.table = new StatsTable<Row>(
      this.spec.columns(kind),
      {
        fetch: (sort, start, count) =>
          this.spec.fetch(kind, sort as StatsSort<Key>, start, count).then(
            (r) => r,
            (e: unknown) => {
              unanswered(e);
              return undefined;
            },
          ),
        filterOf: (r) => this.spec.filterOf(r),
        onApply: (f) => this.host.onApply(f),
        onSortChange: (sort) => {
          this.sorts.set(kind, sort as StatsSort<Key>);
          this.state = { kind, sort: sort as StatsSort<Key> };
          this.host.onState(this.state);
        },
      },
      this.state.sort,
      `No ${kindLabel(kind)} ${this.spec.noun} in this capture.`,
    );
    this.root.append(this.table.root);
  }
}
