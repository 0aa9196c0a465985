import type { PacketFields } from './fields';
import { ProtoCode } from './fields';

const DNS_PORT = 53;

// First bytes of HTTP/1.x requests (RFC 9110 methods) and responses, as 32-bit big-endian words.
const HTTP_STARTS = new Set(
  ['GET ', 'POST', 'HEAD', 'PUT ', 'DELE', 'OPTI', 'PATC', 'CONN', 'TRAC', 'HTTP'].map(
    (s) => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0,
  ),
);

/** Whether the payload at `at` (4 bytes at least) starts an HTTP/1.x request or response. */
export function startsHttpMessage(view: DataView, at: number, end: number): boolean {
  return end - at >= 4 && HTTP_STARTS.has(view.getUint32(at));
}

/**
 * Names the application protocol of a segment from a peek at its first bytes
 * (and the port for DNS), so the Protocol column reads like Wireshark's
 * without dissecting payloads on the fast path.
 */
export function classifyApplication(view: DataView, f: PacketFields, captured: number): void {
  const at = f.payloadOff;
  if (at < 0 || f.payloadLen === 0) return;
  const avail = Math.min(captured, f.l4End) - at;
  if (f.proto === ProtoCode.Udp) {
    if ((f.sport === DNS_PORT || f.dport === DNS_PORT) && avail >= 12) f.proto = ProtoCode.Dns;
    return;
  }
  if (f.proto !== ProtoCode.Tcp || avail < 4) return;
  const word = view.getUint32(at);
  if (HTTP_STARTS.has(word)) {
    f.proto = ProtoCode.Http;
    return;
  }
  // TLS record: content type 20–23, legacy version 3.x (RFC 8446 §5.1).
  const type = word >>> 24;
  if (type >= 20 && type <= 23 && ((word >>> 16) & 0xff) === 3 && ((word >>> 8) & 0xff) <= 4) f.proto = ProtoCode.Tls;
}
