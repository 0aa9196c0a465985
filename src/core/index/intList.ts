/** A growable list of 32-bit integers in one typed array: 4 bytes an entry, no object per entry. */
export class IntList {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(k: number): number {
    return this.data[k];
  }

  set(k: number, v: number): void {
    this.data[k] = v;
  }

  /** The entries as a view (valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}
