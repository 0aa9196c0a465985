import type { Capture } from '../capture/openCapture';
import { endpointText } from '../flows/endpointText';
import type { FollowChunks } from './followChunks';

/** One side of a followed stream: the client (node 0) sent the stream's first packet. */
export interface FollowPeer {
  address: string;
  port: number;
  /** "10.0.0.1:80", "[2001:db8::1]:443". */
  text: string;
}

/** A followed TCP or UDP stream: its chunks in delivery order and the capture their bytes are read from. */
export interface FollowStream {
  /** 'tls': a TCP stream's decrypted application data (src/core/tls/tlsFollow.ts). */
  kind: 'tcp' | 'udp' | 'tls';
  stream: number;
  chunks: FollowChunks;
  /** A chunk's bytes when they are not its packet's payload (decrypted TLS records). */
  payload?: (chunk: number) => Uint8Array;
  /** [client, server]; empty when the stream has no packet. */
  peers: FollowPeer[];
  capture: Capture;
}

/** The two peers of the stream whose first packet is `first` (-1: none), client first. */
export function streamPeers(capture: Capture, first: number): FollowPeer[] {
  if (first < 0) return [];
  const ix = capture.index;
  const peer = (addr: number, port: number): FollowPeer => ({ address: ix.addresses.text(addr), port, text: endpointText(ix, addr, port) });
  return [peer(ix.src[first], ix.sport[first]), peer(ix.dst[first], ix.dport[first])];
}
