import type { PacketIndex } from './packetIndex';

/** Hooks for callers that index large captures: progress with the rows so far, and cancellation. */
export interface IndexOptions {
  /** Size of the read window (default 8 MiB). */
  chunkSize?: number;
  /**
   * Called every `progressEveryPackets` packets with the index as it stands (rows
   * 0..count-1 are final and may be shown) and the file offset reached.
   */
  onProgress?: (index: PacketIndex, bytesRead: number) => void;
  progressEveryPackets?: number;
  /** Polled with onProgress; true stops reading, keeping every packet read so far (error: CANCELLED). */
  shouldStop?: () => boolean;
}
