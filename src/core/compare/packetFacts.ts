import type { Capture } from '../capture/openCapture';
import type { ChunkCursor } from '../capture/chunkCursor';
import type { RecordSink } from '../capture/types';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';
import { bytesHash } from './bytesHash';

/** PacketFacts.bits: the payload the hash covers was captured in full. */
export const FACT_COMPLETE = 1;
/** PacketFacts.bits: the packet has an IP header (v4 or v6) whose fields below were read. */
export const FACT_IP = 2;
/** PacketFacts.bits: IPv4 (its ID, TOS and header checksum exist). */
export const FACT_IPV4 = 4;

/** What an ICMP message starts with before the part that identifies it (RFC 792: type, code, checksum, id/seq). */
const ICMP_HEADER = 8;
const UDP_HEADER = 8;

/**
 * What comparing two captures needs of each packet beyond the index's columns: the IP header fields
 * a path may change (TTL, ID, DSCP/ECN, checksums), the TCP options the index keeps only for SYNs
 * (MSS, window scale, TSecr), and a hash of the payload. 19 bytes per packet in typed arrays, filled
 * by one more pass over the file with the index's own decoders (packetDecoder.ts): the index's hot
 * path is not touched and pays nothing when no comparison is asked for.
 */
export class PacketFacts {
  readonly ttl: Uint8Array;
  readonly ipId: Uint16Array;
  /** The IPv4 TOS / IPv6 traffic class byte: DSCP in the top 6 bits, ECN in the low 2. */
  readonly tos: Uint8Array;
  /** IP protocol (next header), 255 when there is none. */
  readonly ipProto: Uint8Array;
  readonly ipSum: Uint16Array;
  readonly tcpSum: Uint16Array;
  /** TCP MSS option value, 0 when absent (the index's optMask says whether present). */
  readonly mss: Uint16Array;
  /** Window scale shift, -1 when the option is absent. */
  readonly wscale: Int8Array;
  readonly tsecr: Uint32Array;
  /** Hash of the transport payload (TCP, UDP; ICMP after its first 8 bytes); 0 for none. */
  readonly hash: Uint32Array;
  readonly bits: Uint8Array;

  constructor(readonly count: number) {
    this.ttl = new Uint8Array(count);
    this.ipId = new Uint16Array(count);
    this.tos = new Uint8Array(count);
    this.ipProto = new Uint8Array(count).fill(255);
    this.ipSum = new Uint16Array(count);
    this.tcpSum = new Uint16Array(count);
    this.mss = new Uint16Array(count);
    this.wscale = new Int8Array(count).fill(-1);
    this.tsecr = new Uint32Array(count);
    this.hash = new Uint32Array(count);
    this.bits = new Uint8Array(count);
  }
}

/** Re-reads the capture's records and fills its PacketFacts (one per packet of the index). */
export function collectPacketFacts(capture: Capture): PacketFacts {
  const sink = new FactsPass(new PacketFacts(capture.index.count));
  capture.rescan(sink);
  return sink.facts;
}

class FactsPass implements RecordSink {
  private readonly f = new PacketFields();
  private readonly linkTypes: number[] = [];
  private i = 0;

  constructor(readonly facts: PacketFacts) {}

  onInterface(iface: { linkType: number }): void {
    this.linkTypes.push(iface.linkType);
  }
  onPacketComment(): void {}
  onTimestampCorrected(): void {}
  onTimestampMissing(): void {}

  onPacket(cursor: ChunkCursor, pos: number, _fileOffset: number, caplen: number, origLen: number, _s: number, _ns: number, iface: number): boolean {
    const i = this.i++;
    const facts = this.facts;
    // The index stopped where the file went bad; this pass stops there too.
    if (i >= facts.count) return false;
    const f = this.f;
    const view = cursor.view;
    const end = pos + caplen;
    decodePacket(this.linkTypes[iface] ?? -1, view, pos, end, pos + origLen, f);
    if (f.ipVersion === 0 || f.netOff < 0 || f.netOff + 20 > end) return true;
    let bits = FACT_IP;
    facts.ttl[i] = f.ttl;
    facts.ipProto[i] = f.ipProto < 0 ? 255 : f.ipProto;
    if (f.ipVersion === 4) {
      bits |= FACT_IPV4;
      facts.ipId[i] = f.ipId;
      facts.tos[i] = view.getUint8(f.netOff + 1);
      facts.ipSum[i] = view.getUint16(f.netOff + 10);
    } else {
      // IPv6 traffic class straddles the first two bytes (RFC 8200 §3); the hop limit is f.ttl.
      facts.tos[i] = (view.getUint16(f.netOff) >> 4) & 0xff;
    }
    let from = -1;
    let len = 0;
    if (f.ipProto === IPPROTO_TCP && f.fixedHeader) {
      facts.tcpSum[i] = view.getUint16(f.l4Off + 16);
      facts.mss[i] = f.mss;
      facts.wscale[i] = f.optMask & 2 ? f.wscale : -1;
      facts.tsecr[i] = f.tsecr;
      from = f.payloadOff;
      len = f.payloadLen;
    } else if (f.ipProto === IPPROTO_UDP && f.l4Off >= 0) {
      from = f.l4Off + UDP_HEADER;
      len = f.l4Len - UDP_HEADER;
    } else if (f.l4Off >= 0) {
      // ICMP's identifier may be rewritten by NAT (RFC 5508); what follows it is the message.
      const skip = f.ipProto === IPPROTO_ICMP ? ICMP_HEADER : 0;
      from = f.l4Off + skip;
      len = f.l4Len - skip;
    }
    if (from >= 0 && len > 0) {
      const captured = Math.max(0, Math.min(len, end - from));
      facts.hash[i] = bytesHash(view, from, captured, len);
      if (captured === len) bits |= FACT_COMPLETE;
    } else bits |= FACT_COMPLETE;
    facts.bits[i] = bits;
    return true;
  }
}
