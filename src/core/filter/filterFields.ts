import { OPT_MSS, OPT_TIMESTAMP, OPT_WSCALE, ProtoCode } from '../decode/fields';
import type { PacketFields } from '../decode/fields';
import { TH_ACK, TH_CWR, TH_ECE, TH_FIN, TH_PUSH, TH_RST, TH_SYN, TH_URG } from '../decode/tcp';
import { AddressFamily } from '../index/addressTable';
import { ANALYSIS_FLAG_NAMES, analysisBit } from '../index/analysisFlags';
import type { PacketIndex } from '../index/packetIndex';
import { PF_FRAGMENT } from '../index/packetIndex';
import type { AppFields } from './appFields';
import { ETHERNET_FIELD_NAMES, resolveEthernetField } from './ethernetFields';
import { outerAddressOccurrence, resolveTunnelField, TUNNEL_FIELD_NAMES } from './tunnelFields';

/**
 * The filter fields, named as Wireshark names them, and how each is read from the index columns.
 * Everything but a few option values and payload bytes is a column read; those few decode the
 * packet again (slow), so the compiler evaluates them last within an `&&`.
 */
/** 'ether': a 48-bit MAC address as a number. */
export type FieldType = 'number' | 'bool' | 'ipv4' | 'ipv6' | 'ether' | 'bytes' | 'protocol' | 'string';

/** One value of a field in one packet; a field like ip.addr has two occurrences (src and dst). */
export interface Occurrence {
  present(i: number): boolean;
  /** Number, 0/1 for booleans, or an address id for ipv4/ipv6. */
  value(i: number): number;
}

export interface ResolvedField {
  name: string;
  type: FieldType;
  occurrences: Occurrence[];
  /** Bytes the field covers (for `contains`); only for type 'bytes' and protocols with a payload. */
  bytes?(i: number): Uint8Array | undefined;
  /** True when reading it decodes the packet from the file. */
  slow: boolean;
  /**
   * A field with any number of values per packet (a frame's TLS records, its HTTP start line): all
   * of them, read from the packet's application layer. `occurrences` then only says whether it has one.
   */
  list?(i: number): ReadonlyArray<number | string>;
}

/** What fields read: the index, and (slowly) a re-decode of one packet. */
export interface FieldSource {
  index: PacketIndex;
  /** Decoded fields of packet i (cached for the last packet asked). */
  decoded(i: number): PacketFields;
  packetBytes(i: number): Uint8Array;
  /** The application fields of packet i (HTTP, TLS; decrypted when the capture has a key log). */
  appFields?(i: number): AppFields;
  /** The capture has a key log: HTTP may be inside any TLS frame. */
  decryptsTls?(): boolean;
}

const TCP_FLAG_BITS: Record<string, number> = {
  fin: TH_FIN,
  syn: TH_SYN,
  reset: TH_RST,
  push: TH_PUSH,
  ack: TH_ACK,
  urg: TH_URG,
  ece: TH_ECE,
  cwr: TH_CWR,
};

const PROTOCOLS = ['frame', 'eth', 'arp', 'ip', 'ipv6', 'icmp', 'icmpv6', 'igmp', 'tcp', 'udp', 'dns', 'http', 'tls', 'data'] as const;

/** The fields read from a frame's application layer (src/core/filter/appFields.ts), by what they list. */
const APP_FIELDS: Record<string, { type: 'number' | 'string'; list: (a: AppFields) => ReadonlyArray<number | string> }> = {
  'tls.record.content_type': { type: 'number', list: (a) => a.contentTypes },
  'tls.record.opaque_type': { type: 'number', list: (a) => a.opaqueTypes },
  'tls.handshake.type': { type: 'number', list: (a) => a.handshakeTypes },
  'tls.alert_message.desc': { type: 'number', list: (a) => a.alertDescriptions },
  'http.request.method': { type: 'string', list: (a) => a.httpMethods },
  'http.request.uri': { type: 'string', list: (a) => a.httpUris },
  'http.response.code': { type: 'number', list: (a) => a.httpCodes },
  'http2.type': { type: 'number', list: (a) => a.http2Types },
  'http2.streamid': { type: 'number', list: (a) => a.http2StreamIds },
  'http2.header.name': { type: 'string', list: (a) => a.http2HeaderNames },
  'http2.header.value': { type: 'string', list: (a) => a.http2HeaderValues },
  'http2.headers.method': { type: 'string', list: (a) => a.http2Pseudo(':method') },
  'http2.headers.path': { type: 'string', list: (a) => a.http2Pseudo(':path') },
  'http2.headers.authority': { type: 'string', list: (a) => a.http2Pseudo(':authority') },
  'http2.headers.status': { type: 'number', list: (a) => a.http2Pseudo(':status').map(Number) },
};

/** Names that are present when another field is: the protocols and messages read from the application layer. */
const APP_PRESENCE: Record<string, string> = { 'http.request': 'http.request.method', 'http.response': 'http.response.code', http2: 'http2.type' };

/** Every field name the filter knows, for error suggestions and completion. */
export const FILTER_FIELD_NAMES: readonly string[] = [
  ...PROTOCOLS,
  'frame.number',
  'frame.len',
  'frame.cap_len',
  'frame.time_relative',
  'frame.time_epoch',
  'ip.addr',
  'ip.src',
  'ip.dst',
  'ipv6.addr',
  'ipv6.src',
  'ipv6.dst',
  'ip.flags.mf',
  'tcp.port',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.stream',
  'tcp.len',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.window_size_value',
  'tcp.flags',
  ...Object.keys(TCP_FLAG_BITS).map((f) => `tcp.flags.${f}`),
  'tcp.analysis.flags',
  ...ANALYSIS_FLAG_NAMES.map((n) => `tcp.analysis.${n}`),
  'tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr',
  'tcp.options.mss_val',
  'tcp.options.wscale.shift',
  'tcp.payload',
  'udp.port',
  'udp.srcport',
  'udp.dstport',
  'udp.stream',
  'udp.length',
  'udp.payload',
  'icmp.type',
  'icmp.code',
  'icmpv6.type',
  'icmpv6.code',
  'arp.opcode',
  ...Object.keys(APP_FIELDS),
  ...Object.keys(APP_PRESENCE),
  ...TUNNEL_FIELD_NAMES,
  ...ETHERNET_FIELD_NAMES,
];

/** A field of the frame's application layer, read only for frames that may have it (HTTP or TLS, or any TCP frame with a key log). */
function appField(name: string, src: FieldSource): ResolvedField | undefined {
  // http.request / http.response / http2: present when the frame has a request method / a status code / an HTTP/2 frame.
  const spec = APP_FIELDS[name] ?? APP_FIELDS[APP_PRESENCE[name]];
  const read = src.appFields;
  if (!spec || !read) return undefined;
  const ix = src.index;
  const keys = src.decryptsTls?.() ?? false;
  const candidate = (i: number) => {
    const p = ix.proto[i];
    return p === ProtoCode.Http || p === ProtoCode.Tls || (keys && p === ProtoCode.Tcp && ix.payloadLen(i) > 0);
  };
  const list = (i: number): ReadonlyArray<number | string> => (candidate(i) ? spec.list(read(i)) : []);
  const bare = name in APP_PRESENCE;
  return {
    name,
    type: bare ? 'protocol' : spec.type,
    occurrences: [{ present: (i) => list(i).length > 0, value: () => 1 }],
    slow: true,
    ...(bare ? {} : { list }),
  };
}

export function resolveField(name: string, src: FieldSource): ResolvedField | undefined {
  const ix = src.index;
  const proto = (i: number) => ix.proto[i] as ProtoCode;
  // DNS over TCP keeps ProtoCode.Dns; its TCP flags tell it apart from DNS over UDP.
  const isTcp = (i: number) => {
    const p = proto(i);
    return p === ProtoCode.Tcp || p === ProtoCode.Http || p === ProtoCode.Tls || (p === ProtoCode.Dns && (ix.flags[i] & 0x0fff) !== 0);
  };
  const isUdp = (i: number) => {
    const p = proto(i);
    return p === ProtoCode.Udp || (p === ProtoCode.Dns && (ix.flags[i] & 0x0fff) === 0);
  };
  const tcpSeg = (i: number) => ix.stream[i] >= 0 && isTcp(i);
  const udpDgram = (i: number) => ix.stream[i] >= 0 && isUdp(i);
  const fam = (id: number) => ix.addresses.family(id);
  const num = (present: (i: number) => boolean, value: (i: number) => number): Occurrence => ({ present, value });
  const field = (type: FieldType, occurrences: Occurrence[], slow = false): ResolvedField => ({ name, type, occurrences, slow });
  const always = () => true;

  const flag = /^tcp\.flags\.(\w+)$/.exec(name);
  if (flag && TCP_FLAG_BITS[flag[1]] !== undefined) {
    const bit = TCP_FLAG_BITS[flag[1]];
    return field('bool', [num(tcpSeg, (i) => (ix.flags[i] & bit ? 1 : 0))]);
  }
  const analysis = /^tcp\.analysis\.(\w+)$/.exec(name);
  if (analysis && (ANALYSIS_FLAG_NAMES as readonly string[]).includes(analysis[1])) {
    const bit = analysisBit(analysis[1] as (typeof ANALYSIS_FLAG_NAMES)[number]);
    return field('bool', [
      num(
        (i) => (ix.analysis[i] & bit) !== 0,
        () => 1,
      ),
    ]);
  }

  const tunnel = resolveTunnelField(name, src) ?? resolveEthernetField(name, src) ?? appField(name, src);
  if (tunnel) return tunnel;
  // In a tunnelled packet the outermost IP header is one more occurrence of the ip/ipv6 fields.
  const outer = (v: 4 | 6, which: 'src' | 'dst'): Occurrence[] => (ix.encapsulatedCount ? [outerAddressOccurrence(src, v, which)] : []);
  const isV4 = (id: number) => fam(id) === AddressFamily.IPv4;
  const isV6 = (id: number) => fam(id) === AddressFamily.IPv6;

  switch (name) {
    // Protocols: presence only (and `contains` on the bytes they carry).
    case 'frame':
      return { ...field('protocol', [num(always, () => 1)]), bytes: (i) => src.packetBytes(i), slow: false };
    case 'eth':
      return field('protocol', [
        num(
          (i) => ix.linkTypeOf(i) === 1,
          () => 1,
        ),
      ]);
    case 'arp':
      return field('protocol', [
        num(
          (i) => proto(i) === ProtoCode.Arp,
          () => 1,
        ),
      ]);
    case 'ip':
      return field('protocol', [
        num(
          (i) => isV4(ix.src[i]),
          () => 1,
        ),
        ...outer(4, 'src'),
      ]);
    case 'ipv6':
      return field('protocol', [
        num(
          (i) => isV6(ix.src[i]),
          () => 1,
        ),
        ...outer(6, 'src'),
      ]);
    case 'icmp':
      return field('protocol', [
        num(
          (i) => proto(i) === ProtoCode.Icmp,
          () => 1,
        ),
      ]);
    case 'icmpv6':
      return field('protocol', [
        num(
          (i) => proto(i) === ProtoCode.Icmpv6,
          () => 1,
        ),
      ]);
    case 'igmp':
      return field('protocol', [
        num(
          (i) => proto(i) === ProtoCode.Igmp,
          () => 1,
        ),
      ]);
    case 'tcp':
      return field('protocol', [num(isTcp, () => 1)]);
    case 'udp':
      return field('protocol', [num(isUdp, () => 1)]);
    case 'dns':
      return field('protocol', [
        num(
          (i) => proto(i) === ProtoCode.Dns,
          () => 1,
        ),
      ]);
    case 'http':
      // With a key log, HTTP may also be inside a TLS record (tshark's http matches decrypted frames).
      if (src.decryptsTls?.() && src.appFields) return httpAnywhere(src);
      return field('protocol', [
        num(
          (i) => proto(i) === ProtoCode.Http,
          () => 1,
        ),
      ]);
    case 'tls':
      return field('protocol', [
        num(
          (i) => proto(i) === ProtoCode.Tls,
          () => 1,
        ),
      ]);
    case 'data':
    case 'tcp.payload':
    case 'udp.payload': {
      const want = name === 'tcp.payload' ? tcpSeg : name === 'udp.payload' ? udpDgram : (i: number) => ix.stream[i] >= 0;
      const payload = (i: number): Uint8Array | undefined => {
        if (!want(i) || ix.payloadLen(i) === 0) return undefined;
        const f = src.decoded(i);
        if (f.payloadOff < 0) return undefined;
        return src.packetBytes(i).subarray(f.payloadOff, f.payloadOff + f.payloadLen);
      };
      return {
        name,
        type: name === 'data' ? 'protocol' : 'bytes',
        occurrences: [
          num(
            (i) => want(i) && ix.payloadLen(i) > 0,
            () => 1,
          ),
        ],
        bytes: payload,
        slow: true,
      };
    }

    case 'frame.number':
      return field('number', [num(always, (i) => i + 1)]);
    case 'frame.len':
      return field('number', [num(always, (i) => ix.frameLen(i))]);
    case 'frame.cap_len':
      return field('number', [num(always, (i) => ix.frameCapLen(i))]);
    // A packet without timestamp (pcapng Simple Packet Block) has neither field, as in tshark.
    case 'frame.time_epoch':
      return field('number', [
        num(
          (i) => ix.hasTime(i),
          (i) => ix.time(i),
        ),
      ]);
    case 'frame.time_relative': {
      const t0 = ix.firstTimed;
      return field('number', [
        num(
          (i) => ix.hasTime(i),
          (i) => ix.secondsBetween(t0, i),
        ),
      ]);
    }

    case 'ip.src':
      return field('ipv4', [
        num(
          (i) => isV4(ix.src[i]),
          (i) => ix.src[i],
        ),
        ...outer(4, 'src'),
      ]);
    case 'ip.dst':
      return field('ipv4', [
        num(
          (i) => isV4(ix.dst[i]),
          (i) => ix.dst[i],
        ),
        ...outer(4, 'dst'),
      ]);
    case 'ip.addr':
      return field('ipv4', [
        num(
          (i) => isV4(ix.src[i]),
          (i) => ix.src[i],
        ),
        num(
          (i) => isV4(ix.dst[i]),
          (i) => ix.dst[i],
        ),
        ...outer(4, 'src'),
        ...outer(4, 'dst'),
      ]);
    case 'ip.flags.mf':
      return field(
        'bool',
        [
          num(
            (i) => fam(ix.src[i]) === AddressFamily.IPv4,
            (i) => (ix.flags[i] & PF_FRAGMENT && src.decoded(i).moreFragments ? 1 : 0),
          ),
        ],
        true,
      );
    case 'ipv6.src':
      return field('ipv6', [
        num(
          (i) => isV6(ix.src[i]),
          (i) => ix.src[i],
        ),
        ...outer(6, 'src'),
      ]);
    case 'ipv6.dst':
      return field('ipv6', [
        num(
          (i) => isV6(ix.dst[i]),
          (i) => ix.dst[i],
        ),
        ...outer(6, 'dst'),
      ]);
    case 'ipv6.addr':
      return field('ipv6', [
        num(
          (i) => isV6(ix.src[i]),
          (i) => ix.src[i],
        ),
        num(
          (i) => isV6(ix.dst[i]),
          (i) => ix.dst[i],
        ),
        ...outer(6, 'src'),
        ...outer(6, 'dst'),
      ]);

    case 'tcp.srcport':
      return field('number', [num(tcpSeg, (i) => ix.sport[i])]);
    case 'tcp.dstport':
      return field('number', [num(tcpSeg, (i) => ix.dport[i])]);
    case 'tcp.port':
      return field('number', [num(tcpSeg, (i) => ix.sport[i]), num(tcpSeg, (i) => ix.dport[i])]);
    case 'tcp.stream':
      return field('number', [num(tcpSeg, (i) => ix.stream[i])]);
    case 'tcp.len':
      return field('number', [num(tcpSeg, (i) => ix.payloadLen(i))]);
    case 'tcp.seq_raw':
      return field('number', [num(tcpSeg, (i) => ix.seq[i])]);
    case 'tcp.ack_raw':
      return field('number', [num(tcpSeg, (i) => ix.ack[i])]);
    case 'tcp.window_size_value':
      return field('number', [num(tcpSeg, (i) => ix.win[i])]);
    case 'tcp.flags':
      return field('number', [num(tcpSeg, (i) => ix.flags[i] & 0x0fff)]);
    case 'tcp.analysis.flags':
      return field('bool', [
        num(
          (i) => ix.analysis[i] !== 0,
          () => 1,
        ),
      ]);
    case 'tcp.options.timestamp.tsval':
      return field('number', [
        num(
          (i) => tcpSeg(i) && (ix.optMask[i] & OPT_TIMESTAMP) !== 0,
          (i) => ix.tsval[i],
        ),
      ]);
    case 'tcp.options.timestamp.tsecr':
      return field(
        'number',
        [
          num(
            (i) => tcpSeg(i) && (ix.optMask[i] & OPT_TIMESTAMP) !== 0,
            (i) => src.decoded(i).tsecr,
          ),
        ],
        true,
      );
    case 'tcp.options.mss_val':
      return field(
        'number',
        [
          num(
            (i) => tcpSeg(i) && (ix.optMask[i] & OPT_MSS) !== 0,
            (i) => src.decoded(i).mss,
          ),
        ],
        true,
      );
    case 'tcp.options.wscale.shift':
      return field(
        'number',
        [
          num(
            (i) => tcpSeg(i) && (ix.optMask[i] & OPT_WSCALE) !== 0,
            (i) => src.decoded(i).wscale,
          ),
        ],
        true,
      );

    case 'udp.srcport':
      return field('number', [num(udpDgram, (i) => ix.sport[i])]);
    case 'udp.dstport':
      return field('number', [num(udpDgram, (i) => ix.dport[i])]);
    case 'udp.port':
      return field('number', [num(udpDgram, (i) => ix.sport[i]), num(udpDgram, (i) => ix.dport[i])]);
    case 'udp.stream':
      return field('number', [num(udpDgram, (i) => ix.stream[i])]);
    case 'udp.length':
      return field('number', [num(udpDgram, (i) => ix.payloadLen(i) + 8)]);

    // ICMP type/code and the ARP opcode live in the port columns (see PacketIndex).
    case 'icmp.type':
      return field('number', [
        num(
          (i) => proto(i) === ProtoCode.Icmp,
          (i) => ix.sport[i],
        ),
      ]);
    case 'icmp.code':
      return field('number', [
        num(
          (i) => proto(i) === ProtoCode.Icmp,
          (i) => ix.dport[i],
        ),
      ]);
    case 'icmpv6.type':
      return field('number', [
        num(
          (i) => proto(i) === ProtoCode.Icmpv6,
          (i) => ix.sport[i],
        ),
      ]);
    case 'icmpv6.code':
      return field('number', [
        num(
          (i) => proto(i) === ProtoCode.Icmpv6,
          (i) => ix.dport[i],
        ),
      ]);
    case 'arp.opcode':
      return field('number', [
        num(
          (i) => proto(i) === ProtoCode.Arp,
          (i) => ix.sport[i],
        ),
      ]);
  }
  return undefined;
}

/** `http` with a key log: plaintext HTTP, or a frame whose decrypted records start an HTTP message. */
function httpAnywhere(src: FieldSource): ResolvedField {
  const ix = src.index;
  const request = appField('http.request', src)!.occurrences[0];
  const response = appField('http.response', src)!.occurrences[0];
  return {
    name: 'http',
    type: 'protocol',
    occurrences: [{ present: (i) => ix.proto[i] === ProtoCode.Http || request.present(i) || response.present(i), value: () => 1 }],
    slow: true,
  };
}
