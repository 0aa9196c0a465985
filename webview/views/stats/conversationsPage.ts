import type { ConversationRow, ConversationSortKey } from '../../../src/protocol';
import { requests } from '../../hostChannel';
import type { StatsColumn } from '../../statsTable';
import type { KindTableSpec } from './kindTablePage';
import { grouped, secondsText, sizeText } from './statsText';

/**
 * Statistics → Conversations (tshark's `-z conv,TYPE`): Ethernet, IPv4, IPv6, TCP and UDP
 * conversations both ways. A TCP or UDP row applies its stream (`tcp.stream eq N`), the others
 * their two addresses.
 */
export const CONVERSATIONS_PAGE: KindTableSpec<ConversationRow, ConversationSortKey> = {
  label: 'Conversations',
  table: 'conversations',
  noun: 'conversations',
  columns(kind) {
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
  },
  fetch: (kind, sort, start, count) => requests.request('conversations', { kind, sort, start, count }),
  filterOf: (r) => r.filter,
};
