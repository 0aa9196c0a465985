import type { ChunkCursor } from '../capture/chunkCursor';
import { SECRETS_TLS_KEY_LOG, type CaptureInterface, type RecordSink } from '../capture/types';
import type { IndexOptions } from './indexOptions';
import { OPT_WSCALE, PacketFields, ProtoCode } from '../decode/fields';
import { erfTimestamp } from '../decode/erf';
import { httpStartCode } from '../decode/http';
import { decodePacket } from '../decode/packetDecoder';
import { decodeReassembledTransport } from '../decode/reassembledTransport';
import { hasPseudoHeader, LINKTYPE_ERF, pseudoHeaderLength } from '../decode/pseudoHeaders';
import { TH_ACK, TH_SYN } from '../decode/tcp';
import { A_REUSED_PORTS } from './analysisFlags';
import { datagramKey } from './fragmentTracker';
import { HTTP_REREAD } from './httpStarts';
import type { PacketIndex } from './packetIndex';
import { PF_DIRECTION_B, PF_FRAGMENT, PF_MALFORMED, PF_TIME_CORRECTED } from './packetIndex';

/**
 * Turns records into index rows: decodes each frame on the fast path, interns
 * its addresses, numbers its stream, and writes the columns. This is the hot
 * loop of opening a capture.
 */
export class IndexBuilder implements RecordSink {
  private readonly f = new PacketFields();
  private linkTypes: number[] = [];
  /** Per interface: its records start with a capture pseudo-header (decided once, not per packet). */
  private pseudo: boolean[] = [];
  private readonly erfTime: [number, number] = [0, 0];

  /** `fileSize` lets the first growth jump straight to the projected packet count. */
  constructor(
    readonly index: PacketIndex,
    private readonly fileSize = 0,
    private readonly options: IndexOptions = {},
  ) {
    this.every = Math.max(1, options.progressEveryPackets ?? 65536);
  }

  private readonly every: number;

  private projectedRows(count: number, fileOffset: number): number {
    if (!this.fileSize || fileOffset <= 0) return count * 2;
    return Math.ceil(((count * this.fileSize) / fileOffset) * 1.05) + 1024;
  }

  onInterface(iface: CaptureInterface): void {
    this.index.interfaces.push(iface);
    this.linkTypes.push(iface.linkType);
    this.pseudo.push(hasPseudoHeader(iface.linkType));
  }

  onTimestampCorrected(): void {
    const i = this.index.count - 1;
    if (i >= 0) this.index.flags[i] |= PF_TIME_CORRECTED;
  }

  onTimestampMissing(): void {
    const i = this.index.count - 1;
    if (i >= 0) this.index.setUntimed(i);
  }

  onDecryptionSecrets(type: number, data: Uint8Array): void {
    if (type === SECRETS_TLS_KEY_LOG) this.index.tlsKeyLogs.push(new TextDecoder().decode(data));
  }

  onPacketComment(text: string): void {
    const i = this.index.count - 1;
    if (i < 0) return;
    const list = this.index.comments.get(i);
    if (list) list.push(text);
    else this.index.comments.set(i, [text]);
  }

  onPacket(cursor: ChunkCursor, pos: number, fileOffset: number, caplen: number, origLen: number, tsSec: number, tsNsec: number, iface: number): boolean {
    const ix = this.index;
    const i = ix.count;
    if (i >= ix.capacity) ix.ensureCapacity(this.projectedRows(i, fileOffset));
    const f = this.f;
    const view = cursor.view;
    const linkType = this.linkTypes[iface] ?? -1;
    decodePacket(linkType, view, pos, pos + caplen, pos + origLen, f);

    ix.offset[i] = fileOffset;
    if (this.pseudo[iface]) {
      ix.pseudoHeaders.note(i, iface, pseudoHeaderLength(linkType, view, pos, pos + caplen));
      // wiretap takes an ERF record's time from its own header (finer than the pcap record's µs).
      if (linkType === LINKTYPE_ERF && erfTimestamp(view, pos, pos + caplen, this.erfTime)) {
        tsSec = this.erfTime[0];
        tsNsec = this.erfTime[1];
      }
    }
    ix.setTime(i, tsSec, tsNsec);
    ix.caplen[i] = caplen;
    ix.origLen[i] = origLen;
    ix.setInterface(i, iface);
    ix.proto[i] = f.proto;
    ix.optMask[i] = f.optMask;

    let src = 0,
      dst = 0;
    const addrs = ix.addresses;
    // A header cut short may have its source address and not its destination.
    if (f.ipVersion === 4) {
      if (f.srcOff >= 0) src = addrs.internIpv4(view.getUint32(f.srcOff));
      if (f.dstOff >= 0) dst = addrs.internIpv4(view.getUint32(f.dstOff));
    } else if (f.ipVersion === 6) {
      if (f.srcOff >= 0) src = addrs.internIpv6(view, f.srcOff);
      if (f.dstOff >= 0) dst = addrs.internIpv6(view, f.dstOff);
    } else {
      if (f.macSrc >= 0) src = addrs.internMac(view, f.macSrc);
      if (f.macDst >= 0) dst = addrs.internMac(view, f.macDst);
    }
    ix.src[i] = src;
    ix.dst[i] = dst;
    if (f.encapsulated) {
      ix.markEncapsulated(i);
      // The outermost endpoints get ids too, so `ip.addr == outer` can match (Wireshark: any occurrence).
      if (f.outerIpVersion === 4) {
        addrs.internIpv4(view.getUint32(f.outerSrcOff));
        addrs.internIpv4(view.getUint32(f.outerDstOff));
      } else if (f.outerIpVersion === 6) {
        addrs.internIpv6(view, f.outerSrcOff);
        addrs.internIpv6(view, f.outerDstOff);
      }
    }

    // The fragment that completes a datagram stands for it, as in tshark: f gets the datagram's transport.
    const fragment = f.fragOffset >= 0;
    if (fragment) {
      this.reassemble(i, view, f, src, dst, tsSec);
      ix.proto[i] = f.proto;
      ix.optMask[i] = f.optMask;
    }
    let flags = f.tcpFlags;
    if (f.malformed) flags |= PF_MALFORMED;
    if (fragment) flags |= PF_FRAGMENT;
    let stream = -1;
    let analysis = 0;
    const proto = f.proto;
    const isTcp = proto === ProtoCode.Tcp || proto === ProtoCode.Http || proto === ProtoCode.Tls;
    if (isTcp && f.fixedHeader) {
      const t = ix.tcpStreams;
      stream = t.find(src, dst, f.sport, f.dport);
      const syn = (f.tcpFlags & (TH_SYN | TH_ACK)) === TH_SYN;
      if (stream < 0) stream = t.create(src, dst, f.sport, f.dport);
      else if (syn && t.isReuse(stream, t.direction(stream, src, f.sport), f.seq)) {
        stream = t.create(src, dst, f.sport, f.dport);
        analysis |= A_REUSED_PORTS;
      }
      const dir = t.direction(stream, src, f.sport);
      if (dir) flags |= PF_DIRECTION_B;
      if (f.payloadLen > 0 && proto !== ProtoCode.Tls && t.httpContinues(stream, dir, proto === ProtoCode.Http)) ix.proto[i] = ProtoCode.Http;
      if (proto === ProtoCode.Http)
        ix.httpStarts.add(i, fragment ? HTTP_REREAD : httpStartCode(cursor.buf, f.payloadOff, Math.min(pos + caplen, f.payloadOff + f.payloadLen)));
      // A SYN/ACK with a new ISN after this side's earlier SYN/ACK answers a SYN retried after the
      // client's RST: tshark 4.0 calls it "port numbers reused"; it is the same attempt, so only the
      // relative numbering restarts. After a segment that is not a SYN (the challenge ACK of the
      // server's old connection on these ports, sent after the client's new SYN) it is the server's
      // new session on ports its old one used: reused, as tshark says (packet-tcp.c, dissect_tcp).
      if ((f.tcpFlags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK)) {
        const afterSegment = !t.baseFromSyn(stream, dir);
        if (t.rebaseOnNewSynAck(stream, dir, f.seq, i) && afterSegment) analysis |= A_REUSED_PORTS;
      }
      t.learnBases(stream, dir, (f.tcpFlags & TH_SYN) !== 0, (f.tcpFlags & TH_ACK) !== 0, f.seq, f.ack);
      if (f.tcpFlags & TH_SYN) {
        t.learnWindowScale(stream, dir, (f.optMask & OPT_WSCALE) !== 0, f.wscale, i);
        ix.syns.add(i, f.mss, f.optMask & OPT_WSCALE ? f.wscale : -1, f.tsecr, f.ttl, f.nopCount, f.optionCount, f.nopRun);
      }
      ix.sport[i] = f.sport;
      ix.dport[i] = f.dport;
      ix.seq[i] = f.seq;
      ix.ack[i] = f.ack;
      ix.win[i] = f.win;
      ix.setPayloadLen(i, f.payloadLen);
      ix.tsval[i] = f.tsval;
    } else if (f.payloadOff >= 0) {
      const u = ix.udpStreams;
      stream = u.find(src, dst, f.sport, f.dport);
      if (stream < 0) stream = u.create(src, dst, f.sport, f.dport);
      if (u.direction(stream, src, f.sport)) flags |= PF_DIRECTION_B;
      ix.sport[i] = f.sport;
      ix.dport[i] = f.dport;
      ix.setPayloadLen(i, f.payloadLen);
    } else if (f.hasPorts) {
      // A transport header cut short: its ports were captured, not enough for a stream.
      ix.sport[i] = f.sport;
      ix.dport[i] = f.dport;
      ix.setPayloadLen(i, 0);
    } else {
      // ICMP type/code and ARP opcode reuse the port columns (see PacketIndex).
      ix.sport[i] = f.icmpType >= 0 ? f.icmpType : f.arpOp >= 0 ? f.arpOp : 0;
      ix.dport[i] = f.icmpCode >= 0 ? f.icmpCode : 0;
      ix.setPayloadLen(i, 0);
    }
    ix.flags[i] = flags;
    ix.stream[i] = stream;
    ix.analysis[i] = analysis;
    ix.count = i + 1;
    // Every so many packets: let the caller show rows read so far and ask whether to go on.
    if (ix.count % this.every === 0) {
      this.options.onProgress?.(ix, fileOffset + caplen);
      if (this.options.shouldStop?.()) return false;
    }
    return true;
  }

  /** Hands fragment i to the reassembly; when it completes its datagram, decodes the datagram's transport into f. */
  private reassemble(i: number, view: DataView, f: PacketFields, src: number, dst: number, sec: number): void {
    // A fragment cut by the snap length cannot fill its part of the datagram.
    if (f.l4Off < 0 || f.l4Off + f.l4Len > f.l4End) return;
    const bytes = new Uint8Array(view.buffer, view.byteOffset + f.l4Off, f.l4Len);
    const key = datagramKey(f.ipVersion, src, dst, f.ipProto, f.ipId);
    const payload = this.index.fragments.add(i, key, f.ipVersion, f.fragOffset, bytes, f.moreFragments, sec);
    if (payload) decodeReassembledTransport(new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length, f);
  }
}
