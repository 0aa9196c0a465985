import * as fs from 'node:fs';
import type { ByteSource } from './byteSource';

/** A capture on disk, read with positioned reads so only the requested window is in memory. */
export class FileSource implements ByteSource {
  private fd: number;
  readonly size: number;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'r');
    this.size = fs.fstatSync(this.fd).size;
  }

  readInto(target: Uint8Array, offset: number, length: number): number {
    if (this.fd < 0) throw new Error(`capture file ${this.path} is closed`);
    let done = 0;
    const want = Math.min(length, target.length);
    // readSync may return short counts; loop until the window is full or EOF.
    while (done < want) {
      const n = fs.readSync(this.fd, target, done, want - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
