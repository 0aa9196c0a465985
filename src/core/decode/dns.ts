import { ipv6Text } from './addressText';

/** DNS message parsing (RFC 1035 §4) for the Info column and detail tree. */

export interface DnsQuestion {
  name: string;
  type: number;
  klass: number;
  offset: number;
  length: number;
}
export interface DnsRecord {
  name: string;
  type: number;
  klass: number;
  ttl: number;
  data: string;
  offset: number;
  length: number;
}
export interface DnsMessage {
  id: number;
  flags: number;
  response: boolean;
  opcode: number;
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
  /** Set when the message ends early or a name is malformed; what was parsed is kept. */
  error?: string;
}

export const DNS_TYPES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  41: 'OPT',
  43: 'DS',
  46: 'RRSIG',
  47: 'NSEC',
  48: 'DNSKEY',
  64: 'SVCB',
  65: 'HTTPS',
  255: 'ANY',
  257: 'CAA',
};

export const DNS_RCODES: Record<number, string> = {
  0: 'No error',
  1: 'Format error',
  2: 'Server failure',
  3: 'No such name',
  4: 'Not implemented',
  5: 'Refused',
};

export function dnsTypeName(t: number): string {
  return DNS_TYPES[t] ?? `Unknown (${t})`;
}

/**
 * Reads a possibly compressed name. Pointers must go strictly backwards, so a
 * hostile message cannot loop.
 */
export function readDnsName(b: Uint8Array, start: number, base: number, end: number): { name: string; next: number } | undefined {
  const labels: string[] = [];
  let at = start;
  let next = -1;
  let limit = at;
  for (let hops = 0; hops < 128; hops++) {
    if (at >= end) return undefined;
    const len = b[at];
    if (len === 0) {
      if (next < 0) next = at + 1;
      return { name: labels.length ? labels.join('.') : '<Root>', next };
    }
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= end) return undefined;
      const target = base + (((len & 0x3f) << 8) | b[at + 1]);
      if (next < 0) next = at + 2;
      if (target >= limit) return undefined;
      limit = target;
      at = target;
      continue;
    }
    if (len & 0xc0) return undefined;
    if (at + 1 + len > end) return undefined;
    let label = '';
    for (let i = at + 1; i <= at + len; i++) {
      const c = b[i];
      label += c > 0x20 && c < 0x7f && c !== 0x2e ? String.fromCharCode(c) : `\\${c.toString().padStart(3, '0')}`;
    }
    labels.push(label);
    at += 1 + len;
  }
  return undefined;
}

function rdataText(b: Uint8Array, type: number, at: number, len: number, base: number, end: number): string {
  if (type === 1 && len === 4) return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  if (type === 28 && len === 16) {
    const words: number[] = [];
    for (let i = 0; i < 16; i += 4) words.push(((b[at + i] << 24) | (b[at + i + 1] << 16) | (b[at + i + 2] << 8) | b[at + i + 3]) >>> 0);
    return ipv6Text(words);
  }
  if (type === 5 || type === 2 || type === 12) return readDnsName(b, at, base, end)?.name ?? '<malformed>';
  if (type === 15 && len >= 3) return `${(b[at] << 8) | b[at + 1]} ${readDnsName(b, at + 2, base, end)?.name ?? '<malformed>'}`;
  if (type === 6) return readDnsName(b, at, base, end)?.name ?? '<malformed>';
  return `${len} bytes`;
}

/** Parses the DNS message in b[base, end). */
export function parseDns(b: Uint8Array, base: number, end: number): DnsMessage | undefined {
  if (end - base < 12) return undefined;
  const u16 = (at: number) => (b[at] << 8) | b[at + 1];
  const flags = u16(base + 2);
  const msg: DnsMessage = {
    id: u16(base),
    flags,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    rcode: flags & 0xf,
    questions: [],
    answers: [],
    authorities: [],
    additionals: [],
  };
  const counts = [u16(base + 4), u16(base + 6), u16(base + 8), u16(base + 10)];
  let at = base + 12;
  for (let q = 0; q < counts[0]; q++) {
    const n = readDnsName(b, at, base, end);
    if (!n || n.next + 4 > end) {
      msg.error = 'question truncated or malformed';
      return msg;
    }
    msg.questions.push({ name: n.name, type: u16(n.next), klass: u16(n.next + 2), offset: at, length: n.next + 4 - at });
    at = n.next + 4;
  }
  const sections = [msg.answers, msg.authorities, msg.additionals];
  for (let s = 0; s < 3; s++) {
    for (let r = 0; r < counts[s + 1]; r++) {
      const n = readDnsName(b, at, base, end);
      if (!n || n.next + 10 > end) {
        msg.error = 'resource record truncated or malformed';
        return msg;
      }
      const type = u16(n.next);
      const rdlen = u16(n.next + 8);
      const rdata = n.next + 10;
      if (rdata + rdlen > end) {
        msg.error = 'resource record data runs past the end';
        return msg;
      }
      const ttl = ((b[n.next + 4] << 24) | (b[n.next + 5] << 16) | (b[n.next + 6] << 8) | b[n.next + 7]) >>> 0;
      sections[s].push({
        name: n.name,
        type,
        klass: u16(n.next + 2),
        ttl,
        data: rdataText(b, type, rdata, rdlen, base, end),
        offset: at,
        length: rdata + rdlen - at,
      });
      at = rdata + rdlen;
    }
  }
  return msg;
}
