import type { ConversationRow, ConversationSortKey, StatsKind, StatsSort } from '../../../src/protocol';
import { el } from '../../dom';
import { requests, unanswered } from '../../hostChannel';
import { StatsTable, type StatsColumn } from '../../statsTable';
import { grouped, secondsText, sizeText } from './statsText';
import { KIND_LABELS, tableBar, type TablePageHost } from './tablePage';

function columns(kind: StatsKind): StatsColumn<ConversationRow>[] {
  const ports = kind === 'tcp' || kind === 'udp';
  const port = (head: string, key: 'portA' | 'portB'): StatsColumn<ConversationRow>[] =>
    ports ? [{ head, key, num: true, width: 6, text: (r) => String(r[key] ?? '') }] : [];
  return [
    { head: 'Address A', key: 'addressA', text: (r) => r.addressA, tip: 'the source of the first packet' },
    ...port('Port A', 'portA'),
    { head: 'Address B', key: 'addressB', text: (r) => r.addressB },
    ...port('Port B', 'portB'),
    { head: 'Packets', key: 'packets', num: true, width: 9, text: (r) => grouped(r.packets) },
    { head: 'Bytes', key: 'bytes', num: true, width: 9, text: (r) => sizeText(r.bytes), tip: 'frame bytes (frame.len)' },
    { head: 'Packets A→B', key: 'packetsAToB', num: true, width: 11, text: (r) => grouped(r.packetsAToB) },
    { head: 'Bytes A→B', key: 'bytesAToB', num: true, width: 9, text: (r) => sizeText(r.bytesAToB) },
    { head: 'Packets B→A', key: 'packetsBToA', num: true, width: 11, text: (r) => grouped(r.packetsBToA) },
    { head: 'Bytes B→A', key: 'bytesBToA', num: true, width: 9, text: (r) => sizeText(r.bytesBToA) },
    { head: 'Rel Start', key: 'start', num: true, width: 10, text: (r) => secondsText(r.start), tip: 'seconds from the first packet of the capture' },
    { head: 'Duration', key: 'duration', num: true, width: 9, text: (r) => secondsText(r.duration), tip: 'seconds from its first to its last packet' },
  ];
}

export interface ConversationsState {
  kind: StatsKind;
  sort: StatsSort<ConversationSortKey>;
}

/**
 * Statistics → Conversations (tshark's `-z conv,TYPE`): Ethernet, IPv4, IPv6, TCP and UDP
 * conversations both ways. A TCP or UDP row applies its stream (`tcp.stream eq N`), the others
 * their two addresses.
 */
export class ConversationsPage {
  readonly label = 'Conversations';
  readonly root = el('div', 'stats-page stats-conversations');
  private table!: StatsTable<ConversationRow>;
  private readonly bar: ReturnType<typeof tableBar>;
  private readonly sorts = new Map<StatsKind, StatsSort<ConversationSortKey>>();

  constructor(
    private readonly host: TablePageHost & { onState(s: ConversationsState): void },
    private state: ConversationsState,
  ) {
    this.sorts.set(state.kind, state.sort);
    this.bar = tableBar(
      () => this.table as StatsTable<unknown>,
      () => ({
        table: 'conversations',
        kind: this.state.kind,
        sort: this.table.currentSort,
        what: `${KIND_LABELS.find(([k]) => k === this.state.kind)![1]} conversations`,
      }),
      host,
      { selected: state.kind, onKind: (kind) => this.setKind(kind) },
    );
    this.root.append(this.bar.root);
    this.build();
  }

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

  private build(): void {
    const kind = this.state.kind;
    this.table = new StatsTable<ConversationRow>(
      columns(kind),
      {
        fetch: (sort, start, count) =>
          requests.request('conversations', { kind, sort: sort as StatsSort<ConversationSortKey>, start, count }).then(
            (r) => r,
            (e: unknown) => {
              unanswered(e);
              return undefined;
            },
          ),
        filterOf: (r) => r.filter,
        onApply: (f) => this.host.onApply(f),
        onSortChange: (sort) => {
          this.sorts.set(kind, sort as StatsSort<ConversationSortKey>);
          this.state = { kind, sort: sort as StatsSort<ConversationSortKey> };
          this.host.onState(this.state);
        },
      },
      this.state.sort,
      `No ${KIND_LABELS.find(([k]) => k === kind)![1]} conversations in this capture.`,
    );
    this.root.append(this.table.root);
  }
}
