/** Writes pcap and pcapng files in memory for tests, in either byte order and any timestamp resolution. */

/** `simple` writes this frame (pcapng) as a Simple Packet Block: no timestamp, interface 0. */
export interface Frame {
  sec: number;
  frac: number;
  data: Uint8Array;
  origLen?: number;
  iface?: number;
  comment?: string;
  simple?: boolean;
}

class Bytes {
  private parts: number[] = [];
  constructor(private readonly little: boolean) {}
  u8(v: number): this {
    this.parts.push(v & 255);
    return this;
  }
  u16(v: number): this {
    if (this.little) this.parts.push(v & 255, (v >> 8) & 255);
    else this.parts.push((v >> 8) & 255, v & 255);
    return this;
  }
  u32(v: number): this {
    const b = [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    this.parts.push(...(this.little ? b.reverse() : b));
    return this;
  }
  u64(v: bigint): this {
    const hi = Number((v >> 32n) & 0xffffffffn),
      lo = Number(v & 0xffffffffn);
    return this.little ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function pcapFile(frames: Frame[], o: { little?: boolean; nanos?: boolean; linkType?: number; snaplen?: number; kuznetsov?: boolean } = {}): Uint8Array {
  const little = o.little ?? true;
  const b = new Bytes(little);
  b.u32(o.kuznetsov ? 0xa1b2cd34 : o.nanos ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(o.snaplen ?? 262144)
    .u32(o.linkType ?? 1);
  for (const f of frames) {
    b.u32(f.sec)
      .u32(f.frac)
      .u32(f.data.length)
      .u32(f.origLen ?? f.data.length);
    if (o.kuznetsov) b.u32(0).u16(0x0800).u8(0).u8(0);
    b.bytes(f.data);
  }
  return b.done();
}

function option(b: Bytes, code: number, value: ArrayLike<number>): void {
  b.u16(code).u16(value.length).bytes(value).pad4();
}

function block(little: boolean, type: number, body: (b: Bytes) => void): Uint8Array {
  const inner = new Bytes(little);
  body(inner);
  inner.pad4();
  const total = inner.length + 12;
  return new Bytes(little).u32(type).u32(total).bytes(inner.done()).u32(total).done();
}

export interface PcapngInterface {
  linkType: number;
  snaplen?: number;
  tsresol?: number;
  tsoffset?: bigint;
  name?: string;
}

export interface PcapngSection {
  little?: boolean;
  interfaces: PcapngInterface[];
  frames: Frame[];
  comment?: string;
  extraBlocks?: Uint8Array[];
  simple?: boolean;
  obsolete?: boolean;
}

export function pcapngSection(s: PcapngSection): Uint8Array {
  const little = s.little ?? true;
  const enc = (t: string) => Array.from(new TextEncoder().encode(t));
  const parts: Uint8Array[] = [];
  parts.push(
    block(little, 0x0a0d0d0a, (b) => {
      b.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff);
      if (s.comment) option(b, 1, enc(s.comment));
      if (s.comment) b.u32(0);
    }),
  );
  for (const i of s.interfaces) {
    parts.push(
      block(little, 1, (b) => {
        b.u16(i.linkType)
          .u16(0)
          .u32(i.snaplen ?? 0);
        if (i.name) option(b, 2, enc(i.name));
        if (i.tsresol !== undefined) option(b, 9, [i.tsresol]);
        if (i.tsoffset !== undefined) {
          b.u16(14).u16(8).u64(i.tsoffset);
        }
        b.u32(0);
      }),
    );
  }
  parts.push(...(s.extraBlocks ?? []));
  for (const f of s.frames) {
    if (s.simple || f.simple) {
      parts.push(
        block(little, 3, (b) => {
          b.u32(f.origLen ?? f.data.length).bytes(f.data);
        }),
      );
      continue;
    }
    // The frame's 64-bit timestamp is given directly in interface units via sec (high) and frac (low).
    parts.push(
      block(little, s.obsolete ? 2 : 6, (b) => {
        if (s.obsolete) b.u16(f.iface ?? 0).u16(0);
        else b.u32(f.iface ?? 0);
        b.u32(f.sec)
          .u32(f.frac)
          .u32(f.data.length)
          .u32(f.origLen ?? f.data.length)
          .bytes(f.data)
          .pad4();
        if (f.comment) {
          option(b, 1, enc(f.comment));
          b.u32(0);
        }
      }),
    );
  }
  return concatAll(parts);
}

export function rawBlock(little: boolean, type: number, body: number[]): Uint8Array {
  return block(little, type, (b) => b.bytes(body));
}

export function concatAll(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
