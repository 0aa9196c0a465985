import type { Capture } from '../capture/openCapture';
import type { PacketFields } from '../decode/fields';
import { ProtoCode } from '../decode/fields';
import { parseHttpStart, type HttpStart } from '../decode/http';
import { HANDSHAKE_NAMES } from '../decode/tls';
import { tlsSessionVersion } from '../summary/appInfo';
import { decodeRow } from '../summary/decodedRow';
import { decryptedContent } from '../tls/innerContent';
import { tlsDecryptionOf } from '../tls/tlsDecryption';

/**
 * The application fields a display filter reaches in one frame (the slow path: read only for
 * packets the cheap side of a filter left undecided): the TLS records' types, handshake messages
 * and alerts, and the HTTP/1.x start line — from the frame's bytes, or, when the capture has a key
 * log, from the records the frame completes, decrypted. As tshark: a TLS 1.3 protected record gives
 * its header's type as `tls.record.opaque_type` and, once decrypted, its inner type as
 * `tls.record.content_type`.
 */
export interface AppFields {
  contentTypes: number[];
  opaqueTypes: number[];
  handshakeTypes: number[];
  alertDescriptions: number[];
  httpMethods: string[];
  httpUris: string[];
  httpCodes: number[];
  /** HTTP/2 frames ending in the frame's decrypted records: their types, streams, and header fields. */
  http2Types: number[];
  http2StreamIds: number[];
  http2HeaderNames: string[];
  http2HeaderValues: string[];
  /** The values of one header (a pseudo-header such as ":path") among the decoded fields. */
  http2Pseudo: (name: string) => string[];
}

const HANDSHAKE = 22;
const ALERT = 21;
const APPLICATION_DATA = 23;
const TLS13 = 0x0304;

export function appFieldsOf(capture: Capture, i: number, f: PacketFields, bytes: Uint8Array): AppFields {
  const fields: Array<{ name: string; value: string }> = [];
  const out: AppFields = {
    contentTypes: [],
    opaqueTypes: [],
    handshakeTypes: [],
    alertDescriptions: [],
    httpMethods: [],
    httpUris: [],
    httpCodes: [],
    http2Types: [],
    http2StreamIds: [],
    http2HeaderNames: [],
    http2HeaderValues: [],
    http2Pseudo: (name) => fields.filter((h) => h.name === name).map((h) => h.value),
  };
  const ix = capture.index;
  const proto = ix.proto[i];
  if (f.payloadOff < 0) return out;
  const end = Math.min(bytes.length, f.payloadOff + Math.max(0, f.payloadLen));
  if (proto === ProtoCode.Http) addHttp(out, parseHttpStart(bytes, f.payloadOff, end));
  const frame = tlsDecryptionOf(capture)?.frame(i);
  if (frame) {
    const tls13 = frame.session.version === TLS13;
    for (const r of frame.records) {
      const content = decryptedContent(r);
      if (content) {
        if (tls13) out.opaqueTypes.push(r.record.headerType);
        out.contentTypes.push(r.record.contentType);
        for (const h of content.handshakes) out.handshakeTypes.push(h.type);
        if (content.alert) out.alertDescriptions.push(content.alert.description);
        addHttp(out, content.http);
        for (const f of content.http2?.frames ?? []) {
          out.http2Types.push(f.type);
          out.http2StreamIds.push(f.streamId);
          for (const h of f.headers ?? []) {
            fields.push(h);
            out.http2HeaderNames.push(h.name);
            out.http2HeaderValues.push(h.value);
          }
        }
      } else if (r.payloadLength === r.record.length) {
        const at = f.payloadOff + r.payloadOffset;
        addPlainRecords(out, bytes, at, at + r.payloadLength, tls13);
      } else out.contentTypes.push(r.record.headerType);
    }
  } else if (proto === ProtoCode.Tls) {
    const version = tlsSessionVersion(capture, ix.stream[i], (k) => decodeRow(capture, k));
    addPlainRecords(out, bytes, f.payloadOff, end, version === TLS13);
  }
  return out;
}

function addHttp(out: AppFields, h: HttpStart | undefined): void {
  if (!h) return;
  const [first, second] = h.line.split(' ');
  if (h.kind === 'request') {
    out.httpMethods.push(first);
    if (second !== undefined) out.httpUris.push(second);
  } else if (/^\d{3}$/.test(second ?? '')) out.httpCodes.push(Number(second));
}

/**
 * The records in b[at, end) as they are on the wire: handshake messages only when they parse (an
 * encrypted TLS 1.2 Finished does not), alerts only when two bytes long (else encrypted); in a TLS
 * 1.3 session application data is opaque.
 */
function addPlainRecords(out: AppFields, b: Uint8Array, at: number, end: number, tls13: boolean): void {
  while (at + 5 <= end) {
    const type = b[at];
    const len = (b[at + 3] << 8) | b[at + 4];
    if (type < 20 || type > 24 || b[at + 1] !== 3) return;
    const body = at + 5;
    if (tls13 && type === APPLICATION_DATA) out.opaqueTypes.push(type);
    else out.contentTypes.push(type);
    if (type === HANDSHAKE) {
      for (let h = body; h + 4 <= Math.min(end, body + len);) {
        const hLen = (b[h + 1] << 16) | (b[h + 2] << 8) | b[h + 3];
        if (!HANDSHAKE_NAMES[b[h]] || h + 4 + hLen > body + len) break;
        out.handshakeTypes.push(b[h]);
        h += 4 + hLen;
      }
    } else if (type === ALERT && len === 2 && body + 2 <= end) out.alertDescriptions.push(b[body + 1]);
    at = body + len;
  }
}
