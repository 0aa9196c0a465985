import { DNS_RCODES, dnsTypeName, parseDns } from '../decode/dns';
import { startsHttpMessage } from '../decode/application';
import { parseHttpStart } from '../decode/http';
import { parseTls, tlsVersionName } from '../decode/tls';
import type { DetailNode } from './detailNode';
import { hex, layer, NodeList } from './detailNode';

export function dnsTree(b: Uint8Array, off: number, end: number): DetailNode | undefined {
  const m = parseDns(b, off, end);
  if (!m) return undefined;
  const n = new NodeList();
  n.add('dns.id', `Transaction ID: ${hex(m.id, 4)}`, off, 2, m.id);
  n.add(
    'dns.flags',
    `Flags: ${hex(m.flags, 4)} ${m.response ? 'Standard query response' : 'Standard query'}${m.response ? `, ${DNS_RCODES[m.rcode] ?? `Rcode ${m.rcode}`}` : ''}`,
    off + 2,
    2,
    m.flags,
  );
  const q = new NodeList();
  for (const x of m.questions)
    q.add('dns.qry.name', `${x.name}: type ${dnsTypeName(x.type)}, class ${x.klass === 1 ? 'IN' : x.klass}`, x.offset, x.length, x.name);
  if (q.nodes.length)
    n.nodes.push({ field: 'dns.queries', text: 'Queries', offset: q.nodes[0].offset, length: q.nodes.reduce((s, x) => s + x.length, 0), children: q.nodes });
  const section = (field: string, title: string, list: typeof m.answers) => {
    if (!list.length) return;
    const s = new NodeList();
    for (const r of list)
      s.add(
        `dns.${field === 'dns.answers' ? 'a' : 'resp'}`,
        `${r.name}: type ${dnsTypeName(r.type)}, class ${r.klass === 1 ? 'IN' : r.klass}, TTL ${r.ttl}, ${r.data}`,
        r.offset,
        r.length,
        r.data,
      );
    n.nodes.push({ field, text: title, offset: list[0].offset, length: list.reduce((x, r) => x + r.length, 0), children: s.nodes });
  };
  section('dns.answers', 'Answers', m.answers);
  section('dns.authority', 'Authoritative nameservers', m.authorities);
  section('dns.additional', 'Additional records', m.additionals);
  if (m.error) n.problem('dns.malformed', `Malformed: ${m.error}`, off, end - off);
  return layer('dns', `Domain Name System (${m.response ? 'response' : 'query'})`, off, end - off, n.nodes);
}

export function httpTree(b: Uint8Array, off: number, end: number): DetailNode | undefined {
  const h = parseHttpStart(b, off, end);
  if (!h) return undefined;
  const n = new NodeList();
  n.add(h.kind === 'request' ? 'http.request.line' : 'http.response.line', h.line, off, h.line.length + 2, h.line);
  let at = off + h.line.length + 2;
  for (const [k, v] of h.headers) {
    // Each header's own line (": " spacing varies), found by its CRLF.
    let eol = at;
    while (eol + 1 < end && !(b[eol] === 0x0d && b[eol + 1] === 0x0a)) eol++;
    n.add(`http.${k.toLowerCase()}`, `${k}: ${v}`, at, eol - at, v);
    at = eol + 2;
  }
  if (h.bodyOffset > 0 && h.bodyOffset < end) n.add('http.file_data', `Body (${end - h.bodyOffset} bytes in this segment)`, h.bodyOffset, end - h.bodyOffset);
  return layer('http', 'Hypertext Transfer Protocol', off, end - off, n.nodes);
}

/**
 * A segment named HTTP for its conversation, not its bytes (TcpStreamTable.httpContinues):
 * Wireshark's "Continuation" with its bytes as file data. Undefined for bytes that start a message.
 */
export function httpContinuationTree(b: Uint8Array, off: number, end: number): DetailNode | undefined {
  if (end - off < 1 || startsHttpMessage(new DataView(b.buffer, b.byteOffset, b.byteLength), off, end)) return undefined;
  const n = new NodeList();
  n.add('http.file_data', `File Data: ${end - off} bytes (continuation: no request or status line)`, off, end - off);
  return layer('http', 'Hypertext Transfer Protocol (Continuation)', off, end - off, n.nodes);
}

export function tlsTree(b: Uint8Array, off: number, end: number): DetailNode | undefined {
  const t = parseTls(b, off, end);
  if (!t || !t.messages.length) return undefined;
  const n = new NodeList();
  n.add('tls.record.version', `Record version: ${tlsVersionName(t.recordVersion)} (${hex(t.recordVersion, 4)})`, off + 1, 2, t.recordVersion);
  for (const m of t.messages) n.add('tls.message', m, off, 0, m);
  if (t.sni) n.add('tls.handshake.extensions_server_name', `Server Name Indication: ${t.sni}`, off, 0, t.sni);
  if (t.alpn) n.add('tls.handshake.extensions_alpn_str', `ALPN: ${t.alpn.join(', ')}`, off, 0, t.alpn.join(','));
  if (t.supportedVersion)
    n.add('tls.handshake.extensions.supported_version', `Supported version: ${tlsVersionName(t.supportedVersion)}`, off, 0, t.supportedVersion);
  return layer('tls', 'Transport Layer Security', off, end - off, n.nodes);
}
