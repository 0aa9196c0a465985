/** Export's types on their own (this file imports nothing): the webview's protocol names them. */

export type ExportFormat = 'pcap' | 'pcapng';

/**
 * Which packets Export Specified Packets writes, as Wireshark's dialog offers them: all, the ones
 * the display filter shows, the selected or marked ones, or one conversation (one direction of it).
 */
export type PacketSelection =
  | { kind: 'all' }
  | { kind: 'displayed'; filter: string }
  | { kind: 'packets'; packets: number[] }
  | { kind: 'marked' }
  /** `direction`: the client is the side that sent the stream's first packet (as Follow Stream says). */
  | { kind: 'stream'; transport: 'tcp' | 'udp'; stream: number; direction?: 'client' | 'server' }
  /** The TCP or UDP conversation packet `packet` belongs to (nothing when it belongs to none). */
  | { kind: 'streamOf'; packet: number; direction?: 'client' | 'server' };
