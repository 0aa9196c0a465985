import type { Capture } from '../capture/openCapture';
import type { ChunkCursor } from '../capture/chunkCursor';
import type { CaptureInterface, RecordSink } from '../capture/types';
import { PacketFields } from '../decode/fields';
import { decodePacket } from '../decode/packetDecoder';

/** Per packet: the innermost IP datagram's total length and its header bytes (0 when it has no IP). */
export interface IpLengths {
  total: Uint32Array;
  header: Uint16Array;
}

/**
 * The IP total length of every packet, from a second pass over the records (the index keeps frame
 * and payload lengths, not the IP header's own): Zeek's *_ip_bytes add up IP total lengths, which
 * differ from frame lengths by the link header and any Ethernet padding. Only conn-log asks for it.
 */
export function ipLengthsOf(capture: Capture): IpLengths {
  const pass = new IpLengthPass(capture.index.count);
  capture.rescan(pass);
  return { total: pass.total, header: pass.header };
}

class IpLengthPass implements RecordSink {
  readonly total: Uint32Array;
  readonly header: Uint16Array;
  private readonly linkTypes: number[] = [];
  private readonly f = new PacketFields();
  private i = 0;

  constructor(count: number) {
    this.total = new Uint32Array(count);
    this.header = new Uint16Array(count);
  }

  onInterface(iface: CaptureInterface): void {
    this.linkTypes.push(iface.linkType);
  }

  onPacket(cursor: ChunkCursor, pos: number, _fileOffset: number, caplen: number, origLen: number, _s: number, _ns: number, iface: number): boolean {
    const i = this.i++;
    if (i >= this.total.length) return false;
    const f = this.f;
    const view = cursor.view;
    decodePacket(this.linkTypes[iface] ?? -1, view, pos, pos + caplen, pos + origLen, f);
    if (f.srcOff < 0 || f.l4Off < 0) return true;
    // The source address sits 12 bytes into an IPv4 header and 8 into an IPv6 one.
    const start = f.srcOff - (f.ipVersion === 4 ? 12 : 8);
    if (start < pos || start + 6 > pos + caplen) return true;
    this.total[i] = f.ipVersion === 4 ? view.getUint16(start + 2) : 40 + view.getUint16(start + 4);
    this.header[i] = Math.min(0xffff, f.l4Off - start);
    return true;
  }

  onPacketComment(): void {}
  onTimestampCorrected(): void {}
  onTimestampMissing(): void {}
}
