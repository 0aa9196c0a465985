import { IndexBuilder } from '../index/indexBuilder';
import { PacketIndex } from '../index/packetIndex';
import { BlockCache } from './blockCache';
import type { ByteSource } from './byteSource';
import { MemorySource } from './byteSource';
import { ChunkCursor } from './chunkCursor';
import { FileSource } from './fileSource';
import type { GunzipError } from './gzip';
import { gunzipBytes, gunzipErrorText, gunzipToTempFile, isGzip, removeTempCapture } from './gzip';
import { isPcapMagic, readPcap } from './pcap';
import { isPcapngMagic, readPcapng } from './pcapng';
import type { CaptureError, RecordSink } from './types';
import type { IndexOptions } from '../index/indexOptions';

/** An opened, indexed capture: the index plus on-demand access to any packet's bytes. */
export class Capture {
  private readonly cache: BlockCache;

  constructor(
    readonly index: PacketIndex,
    private readonly source: ByteSource,
    /** "gzip" when the file was decompressed transparently. */
    readonly compression: 'gzip' | undefined,
    private readonly cleanup: () => void = () => {},
  ) {
    this.cache = new BlockCache(source);
  }

  get error(): CaptureError | undefined {
    return this.index.error;
  }

  get size(): number {
    return this.source.size;
  }

  /** The captured bytes of packet i (0-based), read from the file on demand. */
  packetBytes(i: number): Uint8Array {
    return this.cache.read(this.index.offset[i], this.index.caplen[i]);
  }

  /**
   * Reads every record again, in file order, into `sink` (a pass that needs each packet's bytes
   * beyond what the index keeps, run only when asked for: statistics).
   */
  rescan(sink: RecordSink): void {
    const cursor = new ChunkCursor(this.source);
    if (!cursor.ensure(0, 4)) return;
    const magic = cursor.view.getUint32(0, false);
    if (isPcapngMagic(magic)) readPcapng(cursor, sink);
    else if (isPcapMagic(magic)) readPcap(cursor, sink);
  }

  close(): void {
    this.source.close();
    this.cleanup();
  }
}

/** Reads the whole file into the index. Never throws on bad content: see index.error. */
export function indexSource(source: ByteSource, options: IndexOptions | number = {}): PacketIndex {
  const opts: IndexOptions = typeof options === 'number' ? { chunkSize: options } : options;
  // Start small; the builder projects the final count from the first packets'
  // average size, so one growth usually suffices and nothing large sits unused.
  const index = new PacketIndex(Math.min(4096, Math.max(1024, Math.floor(source.size / 1500))));
  const cursor = new ChunkCursor(source, opts.chunkSize);
  const builder = new IndexBuilder(index, source.size, opts);
  if (!cursor.ensure(0, 4)) {
    index.error = { message: source.size === 0 ? 'The file is empty' : 'File too short to be a capture', offset: 0 };
    return index;
  }
  const magic = cursor.view.getUint32(0, false);
  let result;
  if (isPcapngMagic(magic)) result = readPcapng(cursor, builder);
  else if (isPcapMagic(magic)) result = readPcap(cursor, builder);
  else {
    index.error = { message: `Not a pcap or pcapng file (magic 0x${magic.toString(16).padStart(8, '0')})`, offset: 0 };
    return index;
  }
  index.format = result.format;
  if (result.error) index.error = result.error;
  index.trimToCount();
  return index;
}

/** The bytes of a capture ready to index: decompressed if it was gzip, with what to clean up after. */
export interface PreparedSource {
  source: ByteSource;
  compression: 'gzip' | undefined;
  cleanup: () => void;
  /** Why a gzip stream ended early, if it did (the packets before the cut are still read). */
  gzipError?: GunzipError;
}

/** A capture file, gzip detected by content; `onDecompress` is told before a gzip file is expanded. */
export async function prepareFileSource(path: string, onDecompress: () => void = () => {}): Promise<PreparedSource> {
  const probe = new FileSource(path);
  const head = new Uint8Array(2);
  probe.readInto(head, 0, 2);
  if (!isGzip(head)) return { source: probe, compression: undefined, cleanup: () => {} };
  probe.close();
  onDecompress();
  const { file, error } = await gunzipToTempFile(path);
  return { source: new FileSource(file), compression: 'gzip', cleanup: () => removeTempCapture(file), gzipError: error };
}

/** A capture held in memory, gunzipped if needed. */
export function prepareBytesSource(bytes: Uint8Array): PreparedSource {
  if (!isGzip(bytes)) return { source: new MemorySource(bytes), compression: undefined, cleanup: () => {} };
  const { bytes: plain, error } = gunzipBytes(bytes);
  return { source: new MemorySource(plain), compression: 'gzip', cleanup: () => {}, gzipError: error };
}

/**
 * Indexes a prepared source. `onRows` sees the Capture while it is read (rows 0..count-1 are final),
 * so a viewer can show them before the end; the same object is returned.
 */
export function indexPrepared(p: PreparedSource, options: IndexOptions | number = {}, onRows?: (capture: Capture, bytesRead: number) => void): Capture {
  const opts: IndexOptions = typeof options === 'number' ? { chunkSize: options } : { ...options };
  let capture: Capture | undefined;
  if (onRows) opts.onProgress = (ix, bytes) => onRows((capture ??= new Capture(ix, p.source, p.compression, p.cleanup)), bytes);
  const index = indexSource(p.source, opts);
  // A damaged gzip stream is the cause of whatever the reader met at the end of what it decompressed
  // ("The file is empty", a cut record): name the cause; the offset stays the one in the decompressed data.
  if (p.gzipError) {
    const cause = gunzipErrorText(p.gzipError);
    index.error =
      index.error && index.error.offset < p.source.size
        ? { message: `${index.error.message}; also, ${cause}`, offset: index.error.offset }
        : { message: `${cause[0].toUpperCase()}${cause.slice(1)}`, offset: p.source.size };
  }
  return capture ?? new Capture(index, p.source, p.compression, p.cleanup);
}

/** Opens a capture file (pcap, pcapng, either gzip-compressed) and indexes it. */
export async function openCaptureFile(path: string, options: IndexOptions | number = {}): Promise<Capture> {
  return indexPrepared(await prepareFileSource(path), options);
}

/** Indexes a capture held in memory (tests, byte-built packets); gunzips if needed. */
export function openCaptureBytes(bytes: Uint8Array): Capture {
  return indexPrepared(prepareBytesSource(bytes));
}
