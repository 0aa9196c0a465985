import type { EndpointRow, EndpointSortKey, StatsKind, StatsSort } from '../../../src/protocol';
import { el } from '../../dom';
import { requests, unanswered } from '../../hostChannel';
import { StatsTable, type StatsColumn } from '../../statsTable';
import { grouped, sizeText } from './statsText';
import { KIND_LABELS, tableBar, type TablePageHost } from './tablePage';

function columns(kind: StatsKind): StatsColumn<EndpointRow>[] {
  const ports = kind === 'tcp' || kind === 'udp';
  return [
    { head: 'Address', key: 'address', text: (r) => r.address },
    ...(ports ? [{ head: 'Port', key: 'port', num: true, width: 6, text: (r: EndpointRow) => String(r.port ?? '') }] : []),
    { head: 'Packets', key: 'packets', num: true, width: 10, text: (r) => grouped(r.packets) },
    { head: 'Bytes', key: 'bytes', num: true, width: 10, text: (r) => sizeText(r.bytes), tip: 'frame bytes (frame.len)' },
    { head: 'Tx Packets', key: 'txPackets', num: true, width: 10, text: (r) => grouped(r.txPackets), tip: 'packets it sent' },
    { head: 'Tx Bytes', key: 'txBytes', num: true, width: 10, text: (r) => sizeText(r.txBytes) },
    { head: 'Rx Packets', key: 'rxPackets', num: true, width: 10, text: (r) => grouped(r.rxPackets), tip: 'packets it received' },
    { head: 'Rx Bytes', key: 'rxBytes', num: true, width: 10, text: (r) => sizeText(r.rxBytes) },
  ];
}

export interface EndpointsState {
  kind: StatsKind;
  sort: StatsSort<EndpointSortKey>;
}

/**
 * Statistics → Endpoints (tshark's `-z endpoints,TYPE`): each Ethernet, IPv4, IPv6, TCP or UDP
 * endpoint with what it sent and received. A row applies `ip.addr == A` (`&& tcp.port == P`).
 */
export class EndpointsPage {
  readonly label = 'Endpoints';
  readonly root = el('div', 'stats-page stats-endpoints');
  private table!: StatsTable<EndpointRow>;
  private readonly bar: ReturnType<typeof tableBar>;
  private readonly sorts = new Map<StatsKind, StatsSort<EndpointSortKey>>();

  constructor(
    private readonly host: TablePageHost & { onState(s: EndpointsState): void },
    private state: EndpointsState,
  ) {
    this.sorts.set(state.kind, state.sort);
    this.bar = tableBar(
      () => this.table as StatsTable<unknown>,
      () => ({
        table: 'endpoints',
        kind: this.state.kind,
        sort: this.table.currentSort,
        what: `${KIND_LABELS.find(([k]) => k === this.state.kind)![1]} endpoints`,
      }),
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
    this.state = { kind, sort: this.sorts.get(kind) ?? { key: 'first', descending: false } };
    this.bar.selectKind(kind);
    this.host.onState(this.state);
    this.table.root.remove();
    this.build();
    this.load();
  }

  /** A table per kind: TCP and UDP have a port column, the others do not. */
  private build(): void {
    const kind = this.state.kind;
    this.table = new StatsTable<EndpointRow>(
      columns(kind),
      {
        fetch: (sort, start, count) =>
          requests.request('endpoints', { kind, sort: sort as StatsSort<EndpointSortKey>, start, count }).then(
            (r) => r,
            (e: unknown) => {
              unanswered(e);
              return undefined;
            },
          ),
        filterOf: (r) => r.filter,
        onApply: (f) => this.host.onApply(f),
        onSortChange: (sort) => {
          this.sorts.set(kind, sort as StatsSort<EndpointSortKey>);
          this.state = { kind, sort: sort as StatsSort<EndpointSortKey> };
          this.host.onState(this.state);
        },
      },
      this.state.sort,
      `No ${KIND_LABELS.find(([k]) => k === kind)![1]} endpoints in this capture.`,
    );
    this.root.append(this.table.root);
  }
}
