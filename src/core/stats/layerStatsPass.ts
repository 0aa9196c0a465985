import type { Capture } from '../capture/openCapture';
import type { ChunkCursor } from '../capture/chunkCursor';
import type { RecordSink } from '../capture/types';
import { PacketFields, ProtoCode } from '../decode/fields';
import { layerForLinkType } from '../decode/layerRegistry';
import { DECODERS, LAYERS } from '../decode/layerTables';
import { LINKTYPE_ETHERNET } from '../decode/linkTypes';
import { MAX_LAYERS } from '../decode/packetDecoder';
import { enterReassembledTransport } from '../decode/reassembledTransport';
import type { PacketIndex } from '../index/packetIndex';
import { PF_DIRECTION_B, PF_FRAGMENT } from '../index/packetIndex';
import { reassembledDatagram } from '../summary/reassembledDatagram';
import { EthernetPairs } from './ethernetPairs';
import { APP_DNS, APP_HTTP, APP_TLS, LayerStacks } from './layerStacks';
import { analyzeTcpSequences } from '../flows/tcpSequenceAnalysis';
import { captureSackReader } from '../summary/tcpInfo';
import { payloadNotHandedOn } from '../verdicts/payloadHandedOn';

/** What the protocol hierarchy and the Ethernet tables need beyond the index's columns. */
export interface LayerStats {
  /** Each packet's protocol path (the protocol hierarchy). */
  paths: LayerStacks;
  /** Each Ethernet frame's MAC pair (Ethernet endpoints and conversations). */
  ethernet: EthernetPairs;
}

/** Room for a frame's path: its own walk and a reassembled datagram's (MAX_LAYERS each). */
const PATH_MAX = 2 * MAX_LAYERS;

const computed = new WeakMap<Capture, LayerStats>();

/**
 * The layer paths and MAC pairs of every packet, from a second pass over the capture's records,
 * run when statistics are first asked for and kept with the capture. Opening a capture does not
 * collect them: it is the operation every user waits for, and most never open the statistics.
 */
export function layerStatsOf(capture: Capture): LayerStats {
  let stats = computed.get(capture);
  if (!stats) computed.set(capture, (stats = collectLayerStats(capture)));
  return stats;
}

/**
 * Re-reads every record and walks its layers with the decoders the index used (the same tables,
 * the same order), noting the id of each layer that has a header of its own; the stream,
 * direction and shown protocol come from the built index's columns rather than being recomputed.
 */
export function collectLayerStats(capture: Capture): LayerStats {
  // Whether a segment's payload reaches HTTP/TLS is the sequence analysis' verdict (payloadHandedOn.ts).
  if (!capture.index.analyzed) analyzeTcpSequences(capture.index, captureSackReader(capture));
  const pass = new LayerPass(capture);
  capture.rescan(pass);
  return { paths: pass.paths, ethernet: pass.ethernet };
}

/** By layer id: 1 when the layer is a protocol of the frame's path (a `headerless` dispatch step is not). */
function inPathTable(): Uint8Array {
  const t = new Uint8Array(256);
  for (let id = 1; id < LAYERS.length && id < 256; id++) t[id] = LAYERS[id]?.headerless ? 0 : 1;
  return t;
}

class LayerPass implements RecordSink {
  readonly paths = new LayerStacks();
  readonly ethernet = new EthernetPairs();
  private readonly f = new PacketFields();
  private readonly path = new Uint8Array(PATH_MAX);
  private readonly inPath = inPathTable();
  private readonly linkTypes: number[] = [];
  private readonly ix: PacketIndex;
  private i = 0;

  constructor(private readonly capture: Capture) {
    this.ix = capture.index;
  }

  onInterface(iface: { linkType: number }): void {
    this.linkTypes.push(iface.linkType);
  }
  onPacketComment(): void {}
  onTimestampCorrected(): void {}
  onTimestampMissing(): void {}

  onPacket(cursor: ChunkCursor, pos: number, _fileOffset: number, caplen: number, origLen: number, _s: number, _ns: number, iface: number): boolean {
    const ix = this.ix;
    const i = this.i;
    // The index may have stopped early (cancelled): it has no row for the records after.
    if (i >= ix.count) return false;
    this.i = i + 1;
    const f = this.f;
    const view = cursor.view;
    const linkType = this.linkTypes[iface] ?? -1;
    // decodePacket's walk (packetDecoder.ts), recording the path.
    f.reset();
    f.origEnd = pos + origLen;
    f.layerEnd = pos + caplen;
    if (linkType === LINKTYPE_ETHERNET) f.proto = ProtoCode.Ethernet;
    let count = this.walk(layerForLinkType(linkType), view, pos, 0);

    const stream = ix.stream[i];
    const shown = ix.proto[i];
    // The frame's own Ethernet header (the innermost one in a tunnel, whose addresses the columns hold).
    if (linkType === LINKTYPE_ETHERNET && f.macSrc >= 0) {
      const udp = stream >= 0 && !(shown === ProtoCode.Tcp || shown === ProtoCode.Http || shown === ProtoCode.Tls);
      this.ethernet.note(i, view, f.macSrc, f.macDst, udp, stream, ix.flags[i] & PF_DIRECTION_B ? 1 : 0);
    }
    // The fragment that completed a datagram carries its transport's path too, as in tshark.
    if (ix.flags[i] & PF_FRAGMENT && ix.fragments.datagramEndingAt(i) >= 0) {
      const whole = reassembledDatagram(this.capture, i);
      if (whole) {
        const p = whole.payload;
        const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
        count = this.walk(enterReassembledTransport(v, 0, p.length, f), v, f.l4Off, count);
      }
    }
    // The packet list's verdict: a retransmitted TLS record or HTTP message stays TCP.
    const handedOn = !payloadNotHandedOn(ix.analysis[i]);
    const app = shown === ProtoCode.Dns ? APP_DNS : !handedOn ? 0 : shown === ProtoCode.Http ? APP_HTTP : shown === ProtoCode.Tls ? APP_TLS : 0;
    this.paths.add(i, this.path, count, app);
    return true;
  }

  /** Runs the layers from `id` at `off`, appending to the path from `count`; returns the new count. */
  private walk(id: number, view: DataView, off: number, count: number): number {
    const f = this.f;
    for (let depth = 0; id !== 0 && depth < MAX_LAYERS; depth++) {
      f.next = 0;
      if (this.inPath[id] && count < PATH_MAX) this.path[count++] = id;
      const next = DECODERS[id]!(view, off, f.layerEnd, f);
      if (next < 0) break;
      id = f.next;
      off = next;
    }
    return count;
  }
}
