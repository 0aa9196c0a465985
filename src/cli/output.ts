import * as fs from 'node:fs';

/**
 * Buffered, synchronous stdout: millions of lines without per-line syscalls,
 * and a reader that goes away (`| head`) ends the program quietly.
 */
export class Output {
  private parts: string[] = [];
  private size = 0;

  line(s: string): void {
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    if (this.size > 1 << 16) this.flush();
  }

  flush(): void {
    if (!this.parts.length) return;
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    try {
      writeAll(1, data);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      throw e;
    }
  }
}

function writeAll(fd: number, data: string): void {
  const buf = Buffer.from(data);
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off);
    } catch (e) {
      // A non-blocking pipe that is full: try again.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw e;
    }
  }
}
