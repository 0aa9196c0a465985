import { ipv4Text, ipv6Text, macText } from '../decode/addressText';

/** Address families an interned id can stand for. */
export const enum AddressFamily {
  IPv4 = 4,
  IPv6 = 6,
  Mac = 48,
}

/**
 * Interns network addresses to small integer ids so each packet stores two
 * u32 columns instead of strings. Id 0 means "no address".
 */
export class AddressTable {
  private readonly v4 = new Map<number, number>();
  private readonly mac = new Map<number, number>();
  /** IPv6: hash of the four words → ids with that hash (collisions resolved by comparing words). */
  private readonly v6 = new Map<number, number | number[]>();
  private families: number[] = [0];
  /** For IPv4 the value, for MAC the 48-bit value, for IPv6 an index into v6Words / 4. */
  private values: number[] = [0];
  private v6Words: number[] = [];
  private texts: Array<string | undefined> = [undefined];

  get size(): number {
    return this.families.length - 1;
  }

  // Consecutive packets mostly repeat the previous packet's addresses: a
  // two-entry memo skips the Map lookup on the hot path.
  private lastV4a = -1;
  private lastV4aId = 0;
  private lastV4b = -1;
  private lastV4bId = 0;

  internIpv4(value: number): number {
    if (value === this.lastV4a) return this.lastV4aId;
    if (value === this.lastV4b) {
      const id = this.lastV4bId;
      this.lastV4b = this.lastV4a;
      this.lastV4bId = this.lastV4aId;
      this.lastV4a = value;
      this.lastV4aId = id;
      return id;
    }
    let id = this.v4.get(value);
    if (id === undefined) {
      id = this.add(AddressFamily.IPv4, value);
      this.v4.set(value, id);
    }
    this.lastV4b = this.lastV4a;
    this.lastV4bId = this.lastV4aId;
    this.lastV4a = value;
    this.lastV4aId = id;
    return id;
  }

  internMac(view: DataView, at: number): number {
    const value = view.getUint16(at) * 0x100000000 + view.getUint32(at + 2);
    let id = this.mac.get(value);
    if (id === undefined) {
      id = this.add(AddressFamily.Mac, value);
      this.mac.set(value, id);
    }
    return id;
  }

  internIpv6(view: DataView, at: number): number {
    const w0 = view.getUint32(at),
      w1 = view.getUint32(at + 4),
      w2 = view.getUint32(at + 8),
      w3 = view.getUint32(at + 12);
    const hash = (Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(w2 ^ Math.imul(w3, 0xc2b2ae35), 0x27d4eb2f)) | 0;
    const found = this.v6.get(hash);
    if (found !== undefined) {
      if (typeof found === 'number') {
        if (this.v6Equals(found, w0, w1, w2, w3)) return found;
      } else {
        for (const id of found) if (this.v6Equals(id, w0, w1, w2, w3)) return id;
      }
    }
    const slot = this.v6Words.length / 4;
    this.v6Words.push(w0, w1, w2, w3);
    const id = this.add(AddressFamily.IPv6, slot);
    if (found === undefined) this.v6.set(hash, id);
    else if (typeof found === 'number') this.v6.set(hash, [found, id]);
    else found.push(id);
    return id;
  }

  private v6Equals(id: number, w0: number, w1: number, w2: number, w3: number): boolean {
    const base = this.values[id] * 4;
    const ws = this.v6Words;
    return ws[base] === w0 && ws[base + 1] === w1 && ws[base + 2] === w2 && ws[base + 3] === w3;
  }

  family(id: number): number {
    return this.families[id] ?? 0;
  }

  /** Display text: dotted quad, RFC 5952 IPv6, or colon-separated MAC. */
  text(id: number): string {
    if (id <= 0 || id >= this.families.length) return '';
    let t = this.texts[id];
    if (t === undefined) {
      const v = this.values[id];
      switch (this.families[id]) {
        case AddressFamily.IPv4:
          t = ipv4Text(v);
          break;
        case AddressFamily.IPv6:
          t = ipv6Text(this.v6Words.slice(v * 4, v * 4 + 4));
          break;
        default:
          t = macText(v);
      }
      this.texts[id] = t;
    }
    return t;
  }

  private add(family: number, value: number): number {
    this.families.push(family);
    this.values.push(value);
    this.texts.push(undefined);
    return this.families.length - 1;
  }
}
