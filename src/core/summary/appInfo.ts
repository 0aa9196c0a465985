import { DNS_RCODES, dnsTypeName, parseDns } from '../decode/dns';
import { parseHttpStart, type HttpStart } from '../decode/http';
import { parseTls, tlsVersionName } from '../decode/tls';
import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import type { DecodedRow } from './decodedRow';

function payloadRange(row: DecodedRow): [number, number] {
  const f = row.f;
  return [f.payloadOff, Math.min(row.bytes.length, f.payloadOff + f.payloadLen)];
}

/** Wireshark's DNS Info: "Standard query 0x1a2b A example.test" / "Standard query response 0x1a2b A example.test A 10.0.0.2". */
export function dnsInfo(row: DecodedRow): string | undefined {
  const [from, to] = payloadRange(row);
  const m = parseDns(row.bytes, from, to);
  if (!m) return undefined;
  const opcode = m.opcode === 0 ? 'Standard query' : m.opcode === 4 ? 'Zone change notification' : m.opcode === 5 ? 'Dynamic update' : `Opcode ${m.opcode}`;
  let s = `${opcode}${m.response ? ' response' : ''} 0x${m.id.toString(16).padStart(4, '0')}`;
  if (m.response && m.rcode !== 0) s += ` ${DNS_RCODES[m.rcode] ?? `Rcode ${m.rcode}`}`;
  for (const q of m.questions) s += ` ${dnsTypeName(q.type)} ${q.name}`;
  for (const r of m.answers) s += ` ${dnsTypeName(r.type)} ${r.data}`;
  for (const r of m.authorities) s += ` ${dnsTypeName(r.type)} ${r.data}`;
  for (const r of m.additionals) s += ` ${dnsTypeName(r.type)}`;
  return s;
}

/** HTTP start line; a response adds its media type as Wireshark does: "HTTP/1.0 200 OK  (text/html)". */
export function httpInfo(row: DecodedRow): string | undefined {
  const [from, to] = payloadRange(row);
  const h = parseHttpStart(row.bytes, from, to);
  return h && httpStartInfo(h);
}

/** The Info of an HTTP/1.x start: the request line, or the status line and media type. */
export function httpStartInfo(h: HttpStart): string {
  if (h.kind === 'request') return h.line;
  const type = h.headers
    .find(([k]) => k.toLowerCase() === 'content-type')?.[1]
    .split(';')[0]
    .trim();
  return type ? `${h.line}  (${type})` : h.line;
}

/**
 * TLS records: "Client Hello (SNI=example.test, ALPN=h2,http/1.1)", "Server Hello, Change Cipher Spec, …".
 * Like Wireshark, the Protocol column names the version the session negotiated
 * (the ServerHello's), and the ClientHello its record-layer version.
 */
export function tlsInfo(row: DecodedRow, sessionVersion?: number): { protocol: string; info: string } | undefined {
  const [from, to] = payloadRange(row);
  const t = parseTls(row.bytes, from, to);
  if (!t || t.messages.length === 0) return undefined;
  const extras: string[] = [];
  if (t.sni) extras.push(`SNI=${t.sni}`);
  if (t.alpn?.length) extras.push(`ALPN=${t.alpn.join(',')}`);
  const messages = t.messages.join(', ');
  const hello = t.messages[0] === 'Client Hello';
  const protocol = tlsVersionName(
    hello ? t.recordVersion : t.messages.includes('Server Hello') ? (t.supportedVersion ?? t.recordVersion) : (sessionVersion ?? t.recordVersion),
  );
  return { protocol, info: extras.length ? `${messages} (${extras.join(', ')})` : messages };
}

/** Negotiated TLS version per TCP stream (from its ServerHello), found once per capture. */
const sessionVersions = new WeakMap<object, Map<number, number>>();

export function tlsSessionVersion(capture: Capture, stream: number, decode: (i: number) => DecodedRow): number | undefined {
  let map = sessionVersions.get(capture);
  if (!map) {
    map = new Map();
    const ix = capture.index;
    for (let i = 0; i < ix.count; i++) {
      if (ix.proto[i] !== ProtoCode.Tls || map.has(ix.stream[i])) continue;
      const row = decode(i);
      const [from, to] = payloadRange(row);
      const t = parseTls(row.bytes, from, to);
      if (t?.messages.includes('Server Hello')) map.set(ix.stream[i], t.supportedVersion ?? t.recordVersion);
    }
    sessionVersions.set(capture, map);
  }
  return map.get(stream);
}
