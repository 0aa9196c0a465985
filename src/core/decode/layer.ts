import type { DetailNode } from '../dissect/detailNode';
import type { PacketFields } from './fields';
import type { FrameTls } from '../tls/tlsDecryption';

/**
 * Facts from the index that a layer's detail tree shows beside its bytes (relative sequence
 * numbers, stream index…); absent inside an ICMP error's quoted datagram.
 */
export interface TcpRowContext {
  stream?: number;
  relSeq?: number;
  relAck?: number;
  payloadLen: number;
  scaledWindow?: number;
  /** The packet's [SEQ/ACK analysis], made from the analysis for the TCP header at this offset. */
  seqAck?: (tcpOffset: number) => DetailNode | undefined;
}

export interface RowContext {
  tcp?: TcpRowContext;
  udpStream?: number;
  proto: number;
}

/** What a layer's tree builder needs besides its own bytes. */
export interface TreeContext {
  bytes: Uint8Array;
  view: DataView;
  /** Index facts for this packet; undefined inside a quoted datagram. */
  row: RowContext | undefined;
  /** Inside an ICMP error: RFC 792 promises only the first 8 bytes of the quoted transport header. */
  inError: boolean;
  /**
   * For the packet whose fragment completed an IP datagram: the "[N IPv4 Fragments …]" node the
   * IP layer shows in place of its "transport header not dissected" note (Wireshark's place).
   */
  reassembly?: DetailNode;
  /** The TLS records this frame completes, decrypted with the capture's key log (when it has one). */
  tls?: FrameTls;
  /** Dissects a datagram quoted by an ICMP error (network layer and up) within [at, end). */
  quoted(at: number, end: number): DetailNode[];
}

/**
 * One protocol layer, decoded by one piece of code (gopacket's layers): `decode` is the fast path
 * (fields into the reused PacketFields, no allocation) and `tree` renders the same bytes for the
 * detail pane after `decode` ran on them, so both see the same offsets and the same validation.
 *
 * `decode` returns the next layer's offset (or -1 to stop) and names the next layer by setting
 * `f.next` from the lookup tables (ethertype, IP protocol, UDP port: layerTables.ts); it may
 * narrow `f.layerEnd`, the end of the bytes the layers above it may use (an IP datagram's length).
 */
export interface Layer {
  /** Protocol id as in filters and the detail tree: "eth", "ip", "vxlan"… */
  readonly name: string;
  /**
   * True for a dispatch step with no header of its own (IP-in-IP: the outer protocol number names
   * the inner IP): no protocol of the frame's path, so the protocol hierarchy leaves it out as tshark does.
   */
  readonly headerless?: boolean;
  decode(this: void, view: DataView, off: number, end: number, f: PacketFields): number;
  /**
   * The layer's detail nodes (usually one). `next`: what decode returned; `problems`: the
   * MALFORMED_* bits this layer's decode raised, which the tree must explain.
   */
  tree(c: TreeContext, off: number, end: number, next: number, f: PacketFields, problems: number): DetailNode[];
  /**
   * Protocol and Info columns of a frame whose decode stopped at this layer (ProtoCode.Link:
   * an 802.11 beacon, PPP LCP, STP…), built on demand for the rows on screen. `undecoded` names
   * what the frame carries that no layer decodes (capture.undecoded counts those frames).
   */
  summary?(view: DataView, off: number, end: number, f: PacketFields): LinkSummary;
}

export interface LinkSummary {
  protocol: string;
  info: string;
  undecoded?: string;
}
