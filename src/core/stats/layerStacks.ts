import { grow } from '../index/flowTable';

/** Labels past the 255 layer ids: the application protocols the index names from a peek at the payload. */
export const APP_DNS = 256;
export const APP_HTTP = 257;
export const APP_TLS = 258;

/**
 * Each packet's protocol path (eth → ip → udp → vxlan → eth → ip → tcp → http), interned in a
 * trie so a path is one node id, and kept per run of consecutive packets with the same path:
 * captures repeat a handful of paths in long runs, so this costs a few bytes per run rather
 * than a column (the index stays at its 64 bytes per packet). The protocol hierarchy reads it
 * run by run.
 */
export class LayerStacks {
  /** Trie node → parent node (-1 for the root, the frame itself) and label (layer id or app label). */
  private readonly parents: number[] = [-1];
  private readonly labels: number[] = [0];
  private readonly children = new Map<number, number>();
  /** Runs: packets from runStart[r] up to the next run's start have node runNode[r]. */
  runStart = new Uint32Array(64);
  runNode = new Uint32Array(64);
  runCount = 0;
  // The previous packet's path: the common case is the same path again, decided by comparing labels.
  private readonly lastPath = new Uint16Array(33);
  private lastLength = -1;
  private lastNode = 0;

  /** Hostile input could make every packet a new path: past this many nodes a path stops at its deepest known prefix. */
  static readonly MAX_NODES = 65536;

  get nodeCount(): number {
    return this.parents.length;
  }

  parent(node: number): number {
    return this.parents[node];
  }

  label(node: number): number {
    return this.labels[node];
  }

  /** Records packet i's path (packets come in order): `layers[0..count)` then `app` (0: none). */
  add(i: number, layers: Uint8Array, count: number, app: number): void {
    const node = this.intern(layers, count, app);
    if (this.runCount > 0 && this.runNode[this.runCount - 1] === node) return;
    if (this.runCount === this.runStart.length) {
      this.runStart = grow(this.runStart, new Uint32Array(this.runCount * 2));
      this.runNode = grow(this.runNode, new Uint32Array(this.runCount * 2));
    }
    this.runStart[this.runCount] = i;
    this.runNode[this.runCount++] = node;
  }

  /** Bytes the runs and the trie keep (the benchmark adds side tables to the columns). */
  get retainedBytes(): number {
    return this.runStart.byteLength + this.runNode.byteLength + this.parents.length * 40;
  }

  private intern(layers: Uint8Array, count: number, app: number): number {
    const length = count + (app ? 1 : 0);
    if (length === this.lastLength && this.samePath(layers, count, app)) return this.lastNode;
    let node = 0;
    let complete = true;
    for (let k = 0; k < length; k++) {
      const label = k < count ? layers[k] : app;
      this.lastPath[k] = label;
      const key = node * 512 + label;
      let next = this.children.get(key);
      if (next === undefined) {
        if (this.parents.length >= LayerStacks.MAX_NODES) {
          complete = false;
          break;
        }
        next = this.parents.length;
        this.parents.push(node);
        this.labels.push(label);
        this.children.set(key, next);
      }
      node = next;
    }
    this.lastLength = complete ? length : -1;
    this.lastNode = node;
    return node;
  }

  private samePath(layers: Uint8Array, count: number, app: number): boolean {
    for (let k = 0; k < count; k++) if (this.lastPath[k] !== layers[k]) return false;
    return !app || this.lastPath[count] === app;
  }
}
