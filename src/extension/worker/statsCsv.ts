import type { ConversationRow, EndpointRow, PhsRow } from '../../protocol';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(head: string[], rows: Array<Array<string | number | undefined>>): string {
  return [head, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The protocol hierarchy with each protocol's path, so a spreadsheet can rebuild the tree. */
export function phsCsv(rows: readonly PhsRow[]): string {
  const path: string[] = [];
  return csv(
    ['protocol', 'path', 'depth', 'frames', 'frames_percent', 'bytes', 'bytes_percent', 'filter'],
    rows.map((r) => {
      path.length = r.depth;
      path.push(r.protocol);
      return [r.protocol, path.join(':'), r.depth, r.frames, r.framesPercent.toFixed(2), r.bytes, r.bytesPercent.toFixed(2), r.filter];
    }),
  );
}

export function endpointsCsv(rows: readonly EndpointRow[], ports: boolean): string {
  return csv(
    ['address', ...(ports ? ['port'] : []), 'packets', 'bytes', 'tx_packets', 'tx_bytes', 'rx_packets', 'rx_bytes', 'filter'],
    rows.map((r) => [r.address, ...(ports ? [r.port] : []), r.packets, r.bytes, r.txPackets, r.txBytes, r.rxPackets, r.rxBytes, r.filter]),
  );
}

export function conversationsCsv(rows: readonly ConversationRow[], ports: boolean): string {
  return csv(
    [
      'address_a',
      ...(ports ? ['port_a'] : []),
      'address_b',
      ...(ports ? ['port_b'] : []),
      'packets_a_to_b',
      'bytes_a_to_b',
      'packets_b_to_a',
      'bytes_b_to_a',
      'packets',
      'bytes',
      'rel_start',
      'duration',
      'filter',
    ],
    rows.map((r) => [
      r.addressA,
      ...(ports ? [r.portA] : []),
      r.addressB,
      ...(ports ? [r.portB] : []),
      r.packetsAToB,
      r.bytesAToB,
      r.packetsBToA,
      r.bytesBToA,
      r.packets,
      r.bytes,
      r.start.toFixed(6),
      r.duration.toFixed(4),
      r.filter,
    ]),
  );
}
