import * as fs from 'node:fs';
import type { Capture } from '../capture/openCapture';
import { openCaptureFile } from '../capture/openCapture';

interface Entry {
  size: number;
  mtimeMs: number;
  capture: Promise<Capture>;
}

/**
 * Captures opened by the tools, kept per real path while the file's size and mtime are unchanged,
 * so paging through results does not index the file again; the least recently used is closed
 * beyond `capacity`.
 */
export class CaptureCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 4,
    private readonly open: (file: string) => Promise<Capture> = openCaptureFile,
  ) {}

  async get(realPath: string): Promise<Capture> {
    const st = fs.statSync(realPath);
    const hit = this.entries.get(realPath);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) {
      this.entries.delete(realPath);
      this.entries.set(realPath, hit);
      return hit.capture;
    }
    if (hit) this.drop(realPath, hit);
    const entry: Entry = { size: st.size, mtimeMs: st.mtimeMs, capture: this.open(realPath) };
    this.entries.set(realPath, entry);
    entry.capture.catch(() => this.entries.get(realPath) === entry && this.entries.delete(realPath));
    for (const [key, old] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      this.drop(key, old);
    }
    return entry.capture;
  }

  /** How many captures are open (tests). */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    for (const [key, e] of this.entries) this.drop(key, e);
  }

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    e.capture.then(
      (c) => c.close(),
      () => {},
    );
  }
}
