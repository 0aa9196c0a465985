import * as fs from 'node:fs';

/** A byte sink onto a new file; `abort` removes a half-written file, `close` keeps it. */
export function fileSink(path: string): { write: (chunk: Uint8Array) => void; close: () => void; abort: () => void } {
  const fd = fs.openSync(path, 'w');
  return {
    write(chunk) {
      let off = 0;
      while (off < chunk.length) off += fs.writeSync(fd, chunk, off);
    },
    close: () => fs.closeSync(fd),
    abort() {
      fs.closeSync(fd);
      fs.rmSync(path, { force: true });
    },
  };
}
