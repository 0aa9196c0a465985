import type { Capture } from '../capture/openCapture';
import { ProtoCode } from '../decode/fields';
import { isTcpProto } from '../flows/tcpSequenceAnalysis';
import { streamPackets } from '../follow/streamPackets';
import { chunkAt } from '../follow/streamReader';
import { followTcp } from '../follow/tcpFollow';
import type { Http2Chunk } from '../http2/http2Stream';
import { http2ByRecord } from './http2InTls';
import { KeyLog } from './keyLog';
import { decryptTlsStream, type TlsRecord, type TlsSessionKeys } from './tlsSession';

/** A record as one frame shows it: the record, and which of its bytes this frame carries. */
export interface FrameTlsRecord {
  record: TlsRecord;
  /** Where this frame's part of the record starts in the frame's transport payload, and its length. */
  payloadOffset: number;
  payloadLength: number;
  /** The record was protected: `record.plaintext` holds it opened, or `record.undecrypted` says why not. */
  encrypted: boolean;
  /** In an HTTP/2 session: the HTTP/2 frames that end in this record (http2InTls.ts). */
  http2?: Http2Chunk;
}

/** What a frame's TLS records are once decrypted, or why its stream cannot be. */
export interface FrameTls {
  records: FrameTlsRecord[];
  session: TlsSessionKeys;
}

/** Decrypted sessions kept at once (a filter over a capture of many interleaved sessions revisits each). */
const MAX_SESSIONS = 256;
/** Plaintext kept across the cached sessions: a few large transfers must not hold the whole capture in memory. */
const MAX_PLAINTEXT_BYTES = 64 * 1024 * 1024;

/**
 * A capture's TLS decryption with one key log: a TCP stream is decrypted the first time one of its
 * frames is asked about (the packet on screen, the filter's slow path, a CLI given keys), then kept
 * in a bounded cache. Answers per frame with the records that end in it — Wireshark dissects a record
 * at the frame that completes it — each decrypted or with the reason it could not be. Reading and
 * indexing the capture never come here.
 */
export class TlsDecryption {
  private lists?: { start: Int32Array; packets: Int32Array };
  /** Streams with a TLS record at a packet's start: the only ones worth following. */
  private tlsStream?: Uint8Array;
  /** Least recently used first (a Map iterates in insertion order). */
  private readonly cache = new Map<number, { session: TlsSessionKeys; byPacket: Map<number, FrameTlsRecord[]>; bytes: number }>();
  private cachedBytes = 0;
  /** The packets the caches were built from: a capture still being read (the editor streams rows) grows. */
  private seenCount = -1;

  constructor(
    readonly capture: Capture,
    readonly keys: KeyLog,
  ) {}

  /**
   * The TLS records that end in frame `packet` (0-based): none for a frame in the middle of a record
   * (its bytes are dissected with the record's last frame); undefined when it is not in a TLS stream.
   */
  frame(packet: number): FrameTls | undefined {
    const ix = this.capture.index;
    if (packet < 0 || packet >= ix.count || !isTcpProto(ix.proto[packet])) return undefined;
    const stream = ix.stream[packet];
    if (stream < 0 || !this.isTlsStream(stream)) return undefined;
    const s = this.stream(stream);
    return { records: s.byPacket.get(packet) ?? [], session: s.session };
  }

  /** The decryption of TCP stream `stream` (its records in capture order, or why it cannot be decrypted). */
  session(stream: number): TlsSessionKeys | undefined {
    return stream >= 0 && stream < this.capture.index.tcpStreams.count && this.isTlsStream(stream) ? this.stream(stream).session : undefined;
  }

  private isTlsStream(stream: number): boolean {
    if (this.seenCount !== this.capture.index.count) this.forget();
    if (!this.tlsStream) {
      const ix = this.capture.index;
      this.tlsStream = new Uint8Array(ix.tcpStreams.count);
      for (let i = 0; i < ix.count; i++) if (ix.proto[i] === ProtoCode.Tls && ix.stream[i] >= 0) this.tlsStream[ix.stream[i]] = 1;
    }
    return this.tlsStream[stream] === 1;
  }

  private forget(): void {
    this.seenCount = this.capture.index.count;
    this.tlsStream = undefined;
    this.lists = undefined;
    this.cache.clear();
    this.cachedBytes = 0;
  }

  private stream(stream: number) {
    const hit = this.cache.get(stream);
    if (hit) {
      this.cache.delete(stream);
      this.cache.set(stream, hit);
      return hit;
    }
    this.lists ??= streamPackets(this.capture, (s) => this.isTlsStream(s));
    const followed = followTcp(this.capture, stream, this.lists.packets.subarray(this.lists.start[stream], this.lists.start[stream + 1]));
    const session = decryptTlsStream(followed, this.keys);
    const byPacket = new Map<number, FrameTlsRecord[]>();
    const http2 = http2ByRecord(session.records);
    let bytes = 0;
    for (const record of session.records) {
      if (record.packet < 0) continue;
      const end = record.offset + record.length;
      const k = chunkAt(followed, record.direction, end - 1);
      if (k < 0) continue;
      const c = followed.chunks;
      const from = Math.max(record.offset, c.offset[k]);
      const entry: FrameTlsRecord = {
        record,
        payloadOffset: c.start[k] + (from - c.offset[k]),
        payloadLength: end - from,
        encrypted: record.plaintext !== undefined || record.undecrypted !== undefined,
      };
      const h2 = http2.get(record);
      if (h2) entry.http2 = h2;
      bytes += record.plaintext?.length ?? 0;
      const list = byPacket.get(record.packet);
      if (list) list.push(entry);
      else byPacket.set(record.packet, [entry]);
    }
    const entry = { session, byPacket, bytes };
    this.cache.set(stream, entry);
    this.cachedBytes += bytes;
    for (const [old, e] of this.cache) {
      if (this.cache.size <= MAX_SESSIONS && this.cachedBytes <= MAX_PLAINTEXT_BYTES) break;
      if (old === stream) continue;
      this.cache.delete(old);
      this.cachedBytes -= e.bytes;
    }
    return entry;
  }
}

const byCapture = new WeakMap<Capture, TlsDecryption>();

/**
 * Gives a capture a key log: every view of it (Info, detail tree, filter, diagnosis) then shows
 * decrypted TLS. The keys embedded in the file (pcapng Decryption Secrets Blocks) are kept with it,
 * as Wireshark uses both. Undefined `keys` leaves only the embedded ones. Views ask `tlsDecryptionOf`.
 */
export function useKeyLog(capture: Capture, keys: KeyLog | undefined): TlsDecryption | undefined {
  const all = embeddedKeyLog(capture);
  if (keys) all.addAll(keys);
  if (all.size === 0) {
    byCapture.delete(capture);
    return undefined;
  }
  const d = new TlsDecryption(capture, all);
  byCapture.set(capture, d);
  return d;
}

/** The capture's TLS decryption: with the key log it was given, or with the keys its file embeds. */
export function tlsDecryptionOf(capture: Capture): TlsDecryption | undefined {
  const d = byCapture.get(capture);
  if (d || !capture.index.tlsKeyLogs.length || given.has(capture)) return d;
  given.add(capture);
  return useKeyLog(capture, undefined);
}

/** Captures whose embedded keys were already looked at (a file with none is not looked at twice). */
const given = new WeakSet<Capture>();

function embeddedKeyLog(capture: Capture): KeyLog {
  const log = new KeyLog();
  for (const text of capture.index.tlsKeyLogs) log.add(text);
  return log;
}
