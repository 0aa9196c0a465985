/** Where a writer's bytes go, in order: a file, a buffer, a workspace stream. */
export type ByteSink = (chunk: Uint8Array) => void;

/** Collects a writer's output in memory (tests, small exports sent elsewhere). */
export class MemorySink {
  private readonly parts: Uint8Array[] = [];
  readonly write: ByteSink = (chunk) => {
    this.parts.push(chunk.slice());
  };

  bytes(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
