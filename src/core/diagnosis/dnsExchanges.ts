import type { Capture } from '../capture/openCapture';
import { parseDns } from '../decode/dns';
import { ProtoCode } from '../decode/fields';
import { endpointText } from '../flows/endpointText';
import { appPayload } from './appPayload';

/**
 * One DNS question as the client asked it: every copy of the query (a resend keeps the ID) and the
 * answers to it, matched on client, server, transaction ID and name (RFC 1035 §7.3).
 */
export interface DnsExchange {
  client: string;
  server: string;
  name: string;
  /** Query packets (0-based), in order: more than one means the client resent it. */
  queries: number[];
  /** Response packets (0-based), in order. */
  answers: number[];
  /** The first answer's RCODE, -1 without an answer. */
  rcode: number;
}

const memo = new WeakMap<Capture, DnsExchange[]>();

/** The capture's DNS exchanges over UDP, read once per capture from the packets the index calls DNS. */
export function dnsExchanges(capture: Capture): DnsExchange[] {
  const hit = memo.get(capture);
  if (hit) return hit;
  const ix = capture.index;
  const byKey = new Map<string, DnsExchange>();
  for (let i = 0; i < ix.count; i++) {
    if (ix.proto[i] !== ProtoCode.Dns) continue;
    const p = appPayload(capture, i);
    const m = p && parseDns(p.bytes, p.from, p.to);
    if (!m || m.opcode !== 0 || m.questions.length === 0) continue;
    const name = m.questions[0].name;
    const client = m.response ? endpointText(ix, ix.dst[i], ix.dport[i]) : endpointText(ix, ix.src[i], ix.sport[i]);
    const server = m.response ? endpointText(ix, ix.src[i], ix.sport[i]) : endpointText(ix, ix.dst[i], ix.dport[i]);
    const key = `${client}\u0000${server}\u0000${m.id}\u0000${name.toLowerCase()}`;
    let x = byKey.get(key);
    if (!x) byKey.set(key, (x = { client, server, name, queries: [], answers: [], rcode: -1 }));
    if (!m.response) x.queries.push(i);
    else if (x.queries.length) {
      if (!x.answers.length) x.rcode = m.rcode;
      x.answers.push(i);
    }
  }
  const out = [...byKey.values()].filter((x) => x.queries.length > 0);
  memo.set(capture, out);
  return out;
}
