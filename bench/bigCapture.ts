import * as fs from 'node:fs';

const CHUNK = 8 * 1024 * 1024;

/**
 * Writes `path` as one pcap: the source's 24-byte file header, then all of its
 * records repeated until the file reaches `targetBytes`. Streamed through one
 * 8 MiB buffer, so the multi-GB result is never held in memory. Records are
 * copied as they are (timestamps repeat in each copy). Returns the bytes written.
 */
export function writeRepeatedCapture(source: string, path: string, targetBytes: number): number {
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(path, 'w');
  try {
    const size = fs.fstatSync(input).size;
    const buf = new Uint8Array(CHUNK);
    fs.readSync(input, buf, 0, 24, 0);
    let written = fs.writeSync(output, buf, 0, 24);
    const copies = Math.max(1, Math.ceil((targetBytes - 24) / (size - 24)));
    for (let c = 0; c < copies; c++) {
      for (let at = 24; at < size;) {
        const n = fs.readSync(input, buf, 0, CHUNK, at);
        if (n === 0) break;
        for (let done = 0; done < n;) done += fs.writeSync(output, buf, done, n - done);
        at += n;
        written += n;
      }
    }
    return written;
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
}

/** Free bytes for an unprivileged writer on the filesystem holding `dir`. */
export function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}
