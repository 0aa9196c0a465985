import type { PacketFields } from './fields';
import { ProtoCode } from './fields';

const DNS_PORT = 53;

/**
 * Whether a payload's first four bytes (big-endian) start an HTTP/1.x request (RFC 9110 methods) or
 * response. A switch over constants, not a Set: it runs for every TCP segment with a payload.
 */
function isHttpStart(word: number): boolean {
  // Every start begins with one of C D G H O P T: most payloads (TLS, binary) are turned away here.
  const first = word >>> 24;
  if (first < 0x43 || first > 0x54) return false;
  switch (word) {
    case 0x47455420: // 'GET '
    case 0x504f5354: // 'POST'
    case 0x48454144: // 'HEAD'
    case 0x50555420: // 'PUT '
    case 0x44454c45: // 'DELE'
    case 0x4f505449: // 'OPTI'
    case 0x50415443: // 'PATC'
    case 0x434f4e4e: // 'CONN'
    case 0x54524143: // 'TRAC'
    case 0x48545450: // 'HTTP'
      return true;
    default:
      return false;
  }
}

/** Whether the payload at `at` (4 bytes at least) starts an HTTP/1.x request or response. */
export function startsHttpMessage(view: DataView, at: number, end: number): boolean {
  // Signed: every start word is below 2^31, and an int32 compares without a float check.
  return end - at >= 4 && isHttpStart(view.getInt32(at));
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
  const word = view.getInt32(at);
  if (isHttpStart(word)) {
    f.proto = ProtoCode.Http;
    return;
  }
  // TLS record: content type 20–23, legacy version 3.x (RFC 8446 §5.1).
  const type = word >>> 24;
  if (type >= 20 && type <= 23 && ((word >>> 16) & 0xff) === 3 && ((word >>> 8) & 0xff) <= 4) f.proto = ProtoCode.Tls;
}
