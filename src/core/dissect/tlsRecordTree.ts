import { CONTENT_NAMES, parseTls, tlsAlertName, tlsVersionName } from '../decode/tls';
import { alertText, handshakeName, innerContent } from '../tls/innerContent';
import type { FrameTls, FrameTlsRecord } from '../tls/tlsDecryption';
import type { Http2Chunk } from '../http2/http2Stream';
import { httpTree } from './appTree';
import { http2Tree } from './http2Tree';
import type { DetailNode } from './detailNode';
import { hex, layer, NodeList } from './detailNode';

/** The frame's decrypted records, in the order the detail message lists their bytes (`DetailNode.record`). */
export function decryptedRecords(frame: FrameTls): FrameTlsRecord[] {
  return frame.records.filter((r) => r.record.plaintext !== undefined);
}

function contentName(type: number): string {
  return `${CONTENT_NAMES[type] ?? 'Unknown'} (${type})`;
}

/**
 * "Transport Layer Security" for a frame of a stream decrypted with a key log, one "Record Layer"
 * per record the frame completes (as Wireshark, which dissects a record at the frame holding its
 * last byte): the header, then for a protected record its "Decrypted TLS" part — the inner type and
 * the plaintext dissected (handshake messages, the alert, HTTP/1.x) with offsets into the decrypted
 * bytes (`source: 'decrypted'`) — or the reason it stays encrypted. `payloadOff`: where the transport
 * payload starts in `bytes`; `plain`: the tree the frame's own bytes give (its hello fields are kept).
 */
export function tlsRecordsTree(bytes: Uint8Array, payloadOff: number, frame: FrameTls, plain: DetailNode | undefined): DetailNode {
  const children: DetailNode[] = [];
  let decrypted = 0;
  const tls13 = frame.session.suite?.tls13 ?? frame.session.version === 0x0304;
  for (const r of frame.records) {
    const node = recordNode(bytes, payloadOff, r, frame.session.version, tls13, r.record.plaintext ? decrypted++ : -1);
    children.push(node);
  }
  // The hello fields the plaintext tree found (SNI, ALPN, supported version).
  for (const n of plain?.children ?? []) if (n.field !== 'tls.message' && n.field !== 'tls.record.version') children.push(n);
  const first = frame.records[0];
  const from = payloadOff + (first?.payloadOffset ?? 0);
  const end = Math.max(from, ...frame.records.map((r) => payloadOff + r.payloadOffset + r.payloadLength));
  return layer('tls', 'Transport Layer Security', from, end - from, children);
}

/** `version`: the session's (Wireshark names a record by it, not by the legacy 0x0303 of its header). */
function recordNode(bytes: Uint8Array, payloadOff: number, r: FrameTlsRecord, version: number | undefined, tls13: boolean, index: number): DetailNode {
  const rec = r.record;
  const at = payloadOff + r.payloadOffset;
  // The header is in this frame only when the whole record is; otherwise it began in an earlier one.
  const whole = r.payloadLength === rec.length && at + rec.length <= bytes.length;
  const n = new NodeList();
  const hdr = (off: number, len: number) => (whole ? [at + off, len] : [at, 0]) as [number, number];
  // TLS 1.3 hides the real type inside (RFC 8446 §5.2): the header's is "opaque".
  const opaque = tls13 && r.encrypted;
  if (opaque) n.add('tls.record.opaque_type', `Opaque Type: ${contentName(rec.headerType)}`, ...hdr(0, 1), rec.headerType);
  else n.add('tls.record.content_type', `Content Type: ${contentName(rec.headerType)}`, ...hdr(0, 1), rec.headerType);
  n.add('tls.record.version', `Version: ${tlsVersionName(rec.version)} (${hex(rec.version, 4)})`, ...hdr(1, 2), rec.version);
  n.add('tls.record.length', `Length: ${rec.length - 5}`, ...hdr(3, 2), rec.length - 5);
  if (!whole)
    n.add('tls.record.reassembled', `[Record of ${rec.length} bytes reassembled from earlier segments: ${r.payloadLength} in this frame]`, at, r.payloadLength);
  let title = `${CONTENT_NAMES[rec.contentType] ?? 'Unknown'} Protocol`;
  if (rec.plaintext) {
    if (opaque) n.add('tls.record.content_type', `[Content Type: ${contentName(rec.contentType)}]`, at, 0, rec.contentType);
    const inner = decryptedNode(rec.contentType, rec.plaintext, index, r.http2);
    n.nodes.push(inner.node);
    if (rec.contentType === 21 && inner.title) title = inner.title;
    else if (inner.title) title += `: ${inner.title}`;
  } else if (rec.undecrypted) {
    n.problem('tls.decrypt.failed', `[Not decrypted: ${rec.undecrypted}]`, at, r.payloadLength, 'note');
    title = 'Encrypted Record';
  } else if (whole) {
    const t = parseTls(bytes, at, at + rec.length);
    if (t?.messages.length) title += `: ${t.messages.join(', ')}`;
  }
  return layer('tls.record', `${tlsVersionName(version ?? rec.version)} Record Layer: ${title}`, at, r.payloadLength, n.nodes);
}

/** The "Decrypted TLS" subtree: offsets address the record's plaintext (`source: 'decrypted'`, `record: index`). */
function decryptedNode(type: number, plaintext: Uint8Array, index: number, http2?: Http2Chunk): { node: DetailNode; title?: string } {
  const content = innerContent(type, plaintext);
  const n = new NodeList();
  let title: string | undefined;
  for (const h of content.handshakes) {
    const name = handshakeName(h.type);
    const m = layer('tls.handshake', `Handshake Protocol: ${name}`, h.offset, 4 + h.length, [
      { field: 'tls.handshake.type', text: `Handshake Type: ${name} (${h.type})`, offset: h.offset, length: 1, value: h.type },
      { field: 'tls.handshake.length', text: `Length: ${h.length}`, offset: h.offset + 1, length: 3, value: h.length },
    ]);
    n.nodes.push(m);
  }
  if (content.handshakes.length) title = content.handshakes.map((h) => handshakeName(h.type)).join(', ');
  if (content.alert) {
    const a = content.alert;
    n.add('tls.alert_message.level', `Level: ${a.level === 1 ? 'Warning' : a.level === 2 ? 'Fatal' : 'Unknown'} (${a.level})`, 0, 1, a.level);
    n.add('tls.alert_message.desc', `Description: ${tlsAlertName(a.description)} (${a.description})`, 1, 1, a.description);
    title = alertText(a);
  }
  if (type === 23 && http2) {
    n.nodes.push(http2Tree(http2, plaintext.length));
    title = 'HyperText Transfer Protocol 2';
  } else if (type === 23) {
    const http = content.http ? httpTree(plaintext, 0, plaintext.length) : undefined;
    if (http) {
      n.nodes.push(http);
      title = 'Hypertext Transfer Protocol';
    } else n.add('tls.app_data', `Application Data: ${plaintext.length} bytes`, 0, plaintext.length);
  }
  const node = layer('tls.decrypted', `Decrypted TLS (${plaintext.length} bytes)`, 0, plaintext.length, n.nodes);
  const mark = (x: DetailNode): void => {
    x.source = 'decrypted';
    x.record = index;
    x.children?.forEach(mark);
  };
  node.children?.forEach(mark);
  // The subtree's own line selects the whole plaintext in the decrypted pane.
  node.source = 'decrypted';
  node.record = index;
  return { node, title };
}
