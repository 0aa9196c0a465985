import type { ChunkCursor } from './chunkCursor';

/** One capture interface: pcap has exactly one, pcapng one per Interface Description Block. */
export interface CaptureInterface {
  linkType: number;
  snaplen: number;
  name?: string;
  description?: string;
  /** Human-readable timestamp resolution, e.g. "microseconds", "nanoseconds", "2^-10 s". */
  tsResolution: string;
  /** The resolution as pcapng's if_tsresol byte (6: µs, 9: ns; bit 7 set: a power of two), so an export keeps it. */
  tsresol: number;
  /** pcapng if_tsoffset: seconds added to every timestamp of this interface. */
  tsOffset: number;
  /** pcapng section the interface belongs to (0-based). */
  section: number;
}

/** What the file header(s) said, for `info` and the editor's status line. */
export interface CaptureFormat {
  format: 'pcap' | 'pcapng';
  /** e.g. "microsecond", "nanosecond", "modified (Kuznetsov)". */
  variant: string;
  byteOrder: 'little-endian' | 'big-endian';
  version: string;
  comments: string[];
  sections: number;
  /** Counts of blocks we read but do not show as packets (pcapng). */
  nameResolutionBlocks: number;
  interfaceStatisticsBlocks: number;
  skippedBlocks: number;
  /** Decryption Secrets Blocks read (their TLS key logs are used: PacketIndex.tlsKeyLogs). */
  decryptionSecretsBlocks?: number;
  /** pcapng sections of an unsupported major version, skipped with their blocks. */
  skippedSections?: number;
}

/** Where and why reading stopped early; every packet before it is kept. */
export interface CaptureError {
  message: string;
  offset: number;
}

/**
 * Receives records as the reader walks the file. A method-call sink (not a
 * callback per packet) keeps the hot loop free of closures.
 */
export interface RecordSink {
  onInterface(iface: CaptureInterface): void;
  /**
   * `pos` indexes cursor.buf where the captured bytes start; they are buffered in full.
   * Returns false to stop reading (cancellation): the reader then returns what it has.
   */
  onPacket(cursor: ChunkCursor, pos: number, fileOffset: number, caplen: number, origLen: number, tsSec: number, tsNsec: number, iface: number): boolean;
  /** A comment attached to the packet most recently passed to onPacket. */
  onPacketComment(text: string): void;
  /** The most recent packet's timestamp was out of range in the file and was corrected (see the reader). */
  onTimestampCorrected(): void;
  /** The most recent packet's record has no timestamp at all (a pcapng Simple Packet Block). */
  onTimestampMissing(): void;
  /** A pcapng Decryption Secrets Block (§4.7): its secrets type (0x544c534b: a TLS key log) and bytes. */
  onDecryptionSecrets?(type: number, data: Uint8Array): void;
}

/** A Decryption Secrets Block's type for an NSS key log (SSLKEYLOGFILE), as editcap --inject-secrets tls writes. */
export const SECRETS_TLS_KEY_LOG = 0x544c534b;

/** Upper bound on one record's captured length: Wireshark's limit for any link type is far below. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** The error a reader reports when its sink asked it to stop. */
export const CANCELLED = 'Reading was cancelled';
