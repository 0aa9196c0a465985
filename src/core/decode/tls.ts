/** TLS record and ClientHello parsing (RFC 8446 §4.1.2, RFC 6066 §3, RFC 7301 §3.1). */

// Names come from the wire: decode as Latin-1 so any byte maps to one character, without spreading huge arrays.
const latin1 = new TextDecoder('latin1');

export interface TlsSummary {
  /** Handshake/record descriptions in order, e.g. ["Client Hello"]. */
  messages: string[];
  recordVersion: number;
  sni?: string;
  alpn?: string[];
  /** Highest version offered in supported_versions (ClientHello) or selected (ServerHello). */
  supportedVersion?: number;
  /** The first plaintext alert (RFC 8446 §6): level 1 warning, 2 fatal. */
  alert?: { level: number; description: number };
  /** The hello's 32-byte random (a ClientHello's names the session in a key log). */
  random?: Uint8Array;
  /** The suite a ServerHello chose. */
  cipherSuite?: number;
}

/** Handshake message names (RFC 8446 §4, RFC 5246 §7.4), as Wireshark spells them. */
export const HANDSHAKE_NAMES: Record<number, string> = {
  0: 'Hello Request',
  1: 'Client Hello',
  2: 'Server Hello',
  4: 'New Session Ticket',
  5: 'End of Early Data',
  8: 'Encrypted Extensions',
  11: 'Certificate',
  12: 'Server Key Exchange',
  13: 'Certificate Request',
  14: 'Server Hello Done',
  15: 'Certificate Verify',
  16: 'Client Key Exchange',
  20: 'Finished',
  24: 'Key Update',
};

/** Record content types (RFC 8446 §5.1). */
export const CONTENT_NAMES: Record<number, string> = { 20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data' };

/** Alert descriptions (RFC 8446 §6, RFC 5246 §7.2), spelt as Wireshark's Info column spells them. */
export const TLS_ALERTS: Record<number, string> = {
  0: 'Close Notify',
  10: 'Unexpected Message',
  20: 'Bad Record MAC',
  21: 'Decryption Failed',
  22: 'Record Overflow',
  30: 'Decompression Failure',
  40: 'Handshake Failure',
  41: 'No Certificate',
  42: 'Bad Certificate',
  43: 'Unsupported Certificate',
  44: 'Certificate Revoked',
  45: 'Certificate Expired',
  46: 'Certificate Unknown',
  47: 'Illegal Parameter',
  48: 'Unknown CA',
  49: 'Access Denied',
  50: 'Decode Error',
  51: 'Decrypt Error',
  60: 'Export Restriction',
  70: 'Protocol Version',
  71: 'Insufficient Security',
  80: 'Internal Error',
  86: 'Inappropriate Fallback',
  90: 'User Canceled',
  100: 'No Renegotiation',
  109: 'Missing Extension',
  110: 'Unsupported Extension',
  111: 'Certificate Unobtainable',
  112: 'Unrecognized Name',
  113: 'Bad Certificate Status Response',
  114: 'Bad Certificate Hash Value',
  115: 'Unknown PSK Identity',
  116: 'Certificate Required',
  120: 'No application Protocol',
};

export function tlsAlertName(description: number): string {
  return TLS_ALERTS[description] ?? `Unknown (${description})`;
}

export function tlsVersionName(v: number): string {
  return (
    ({ 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' } as Record<number, string>)[v] ?? `TLS 0x${v.toString(16)}`
  );
}

/** Walks the TLS records in b[start, end); stops quietly at the first one that does not fit. */
export function parseTls(b: Uint8Array, start: number, end: number): TlsSummary | undefined {
  if (end - start < 5) return undefined;
  const out: TlsSummary = { messages: [], recordVersion: (b[start + 1] << 8) | b[start + 2] };
  let at = start;
  while (at + 5 <= end) {
    const type = b[at];
    const len = (b[at + 3] << 8) | b[at + 4];
    const body = at + 5;
    const bodyEnd = Math.min(end, body + len);
    if (type === 22) {
      // A record may hold several handshake messages; an encrypted one has no sane type/length.
      let h = body;
      while (h + 4 <= bodyEnd) {
        const hType = b[h];
        const hLen = (b[h + 1] << 16) | (b[h + 2] << 8) | b[h + 3];
        const name = HANDSHAKE_NAMES[hType];
        if (!name || h + 4 + hLen > body + len) {
          out.messages.push('Encrypted Handshake Message');
          break;
        }
        out.messages.push(name);
        if (hType === 1) parseClientHello(b, h + 4, Math.min(bodyEnd, h + 4 + hLen), out);
        if (hType === 2) parseServerHello(b, h + 4, Math.min(bodyEnd, h + 4 + hLen), out);
        h += 4 + hLen;
      }
    } else if (type === 21) {
      // A plaintext alert is two bytes; anything else was encrypted after ChangeCipherSpec.
      if (len === 2 && body + 2 <= end) {
        const level = b[body],
          description = b[body + 1];
        out.alert ??= { level, description };
        out.messages.push(
          `Alert (Level: ${level === 1 ? 'Warning' : level === 2 ? 'Fatal' : `Unknown (${level})`}, Description: ${tlsAlertName(description)})`,
        );
      } else out.messages.push('Encrypted Alert');
    } else if (CONTENT_NAMES[type]) {
      out.messages.push(CONTENT_NAMES[type]);
    } else break;
    at = body + len;
  }
  return out;
}

function forEachExtension(b: Uint8Array, at: number, end: number, each: (type: number, from: number, to: number) => void): void {
  if (at + 2 > end) return;
  const total = (b[at] << 8) | b[at + 1];
  let e = at + 2;
  const stop = Math.min(end, e + total);
  while (e + 4 <= stop) {
    const type = (b[e] << 8) | b[e + 1];
    const len = (b[e + 2] << 8) | b[e + 3];
    if (e + 4 + len > stop) return;
    each(type, e + 4, e + 4 + len);
    e += 4 + len;
  }
}

/** A ClientHello's body [at, end): random, SNI, ALPN, the versions offered. */
export function parseClientHello(b: Uint8Array, at: number, end: number, out: TlsSummary): void {
  let p = at + 2 + 32; // legacy_version, random
  if (p >= end) return;
  out.random = b.slice(at + 2, p);
  p += 1 + b[p]; // session id
  if (p + 2 > end) return;
  p += 2 + ((b[p] << 8) | b[p + 1]); // cipher suites
  if (p >= end) return;
  p += 1 + b[p]; // compression methods
  forEachExtension(b, p, end, (type, from, to) => {
    if (type === 0 && from + 5 <= to) {
      // server_name: list length, name type (0 = host_name), name length, name.
      const nameLen = (b[from + 3] << 8) | b[from + 4];
      if (b[from + 2] === 0 && from + 5 + nameLen <= to) out.sni = latin1.decode(b.subarray(from + 5, from + 5 + nameLen));
    } else if (type === 16 && from + 2 <= to) {
      const list: string[] = [];
      let q = from + 2;
      while (q < to) {
        const l = b[q];
        if (q + 1 + l > to) break;
        list.push(latin1.decode(b.subarray(q + 1, q + 1 + l)));
        q += 1 + l;
      }
      out.alpn = list;
    } else if (type === 43 && from + 1 <= to) {
      let best = 0;
      for (let q = from + 1; q + 1 < to; q += 2) {
        const v = (b[q] << 8) | b[q + 1];
        if ((v & 0x0f0f) !== 0x0a0a && v > best) best = v; // skip GREASE (RFC 8701)
      }
      if (best) out.supportedVersion = best;
    }
  });
}

/** A ServerHello's body [at, end): random, the chosen suite and version. */
export function parseServerHello(b: Uint8Array, at: number, end: number, out: TlsSummary): void {
  let p = at + 2 + 32;
  if (p >= end) return;
  out.random = b.slice(at + 2, p);
  p += 1 + b[p];
  if (p + 3 > end) return;
  out.cipherSuite = (b[p] << 8) | b[p + 1];
  p += 2 + 1; // cipher suite, compression
  forEachExtension(b, p, end, (type, from, to) => {
    if (type === 43 && from + 2 <= to) out.supportedVersion = (b[from] << 8) | b[from + 1];
  });
}
