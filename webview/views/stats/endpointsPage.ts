import type { EndpointRow, EndpointSortKey } from '../../../src/protocol';
import { requests } from '../../hostChannel';
import type { KindTableSpec } from './kindTablePage';
import { grouped, sizeText } from './statsText';

/**
 * Statistics → Endpoints (tshark's `-z endpoints,TYPE`): each Ethernet, IPv4, IPv6, TCP or UDP
 * endpoint with what it sent and received. A row applies `ip.addr == A` (`&& tcp.port == P`).
 */
export const ENDPOINTS_PAGE: KindTableSpec<EndpointRow, EndpointSortKey> = {
  label: 'Endpoints',
  table: 'endpoints',
  noun: 'endpoints',
  columns(kind) {
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
  },
  fetch: (kind, sort, start, count) => requests.request('endpoints', { kind, sort, start, count }),
  filterOf: (r) => r.filter,
};
