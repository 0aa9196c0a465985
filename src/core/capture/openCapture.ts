import { IndexBuilder } from '../index/indexBuilder';
import { PacketIndex } from '../index/packetIndex';
import { BlockCache } from './blockCache';
import type { ByteSource } from './byteSource';
import { MemorySource } from './byteSource';
import { ChunkCursor } from './chunkCursor';
import { FileSource } from './fileSource';
import { gunzipToTempFile, isGzip, removeTempCapture } from './gzip';
import { isPcapMagic, readPcap } from './pcap';
import { isPcapngMagic, readPcapng } from './pcapng';
import type { CaptureError } from './types';
import type { IndexOptions } from '../index/indexOptions';
import { gunzipSync } from 'node:zlib';

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

/** Opens a capture file (pcap, pcapng, either gzip-compressed) and indexes it. */
export async function openCaptureFile(path: string, options: IndexOptions | number = {}): Promise<Capture> {
  const probe = new FileSource(path);
  const head = new Uint8Array(2);
  probe.readInto(head, 0, 2);
  if (!isGzip(head)) return new Capture(indexSource(probe, options), probe, undefined);
  probe.close();
  const { file, error } = await gunzipToTempFile(path);
  const source = new FileSource(file);
  const index = indexSource(source, options);
  if (error && !index.error) index.error = { message: `gzip stream ended early: ${error}`, offset: source.size };
  return new Capture(index, source, 'gzip', () => removeTempCapture(file));
}

/** Indexes a capture held in memory (tests, byte-built packets); gunzips if needed. */
export function openCaptureBytes(bytes: Uint8Array): Capture {
  let data = bytes;
  let compression: 'gzip' | undefined;
  if (isGzip(bytes)) {
    data = gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: keep what a truncated stream holds */ });
    compression = 'gzip';
  }
  const source = new MemorySource(data);
  return new Capture(indexSource(source), source, compression);
}
