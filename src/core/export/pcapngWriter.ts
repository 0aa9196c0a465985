import type { ByteSink } from './byteSink';
import { timestampUnits } from './timestampUnits';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const SPB = 0x00000003;
const EPB = 0x00000006;
const DSB = 0x0000000a;
const OPT_END = 0;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;

/** An interface as written: what its IDB says. */
export interface WrittenInterface {
  linkType: number;
  snaplen: number;
  tsresol: number;
  name?: string;
  description?: string;
}

/**
 * Writes a little-endian pcapng file (draft-ietf-opsawg-pcapng): one section, the interfaces, then
 * Enhanced Packet Blocks with their comments. Blocks go to the sink one at a time.
 */
export class PcapngWriter {
  private readonly resolutions: number[] = [];
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly sink: ByteSink,
    comments: readonly string[] = [],
  ) {
    // Section length -1: not known in advance (§4.1), so nothing has to be patched afterwards.
    const body = new Uint8Array(16);
    const v = new DataView(body.buffer);
    v.setUint32(0, 0x1a2b3c4d, true);
    v.setUint16(4, 1, true);
    v.setUint16(6, 0, true);
    v.setInt32(8, -1, true);
    v.setInt32(12, -1, true);
    this.block(
      SHB,
      body,
      comments.map((c) => [OPT_COMMENT, this.encoder.encode(c)] as const),
    );
  }

  /** A Decryption Secrets Block (§4.7): `type` 0x544c534b for a TLS key log; before the packets it decrypts. */
  addDecryptionSecrets(type: number, secrets: Uint8Array): void {
    const body = new Uint8Array(8 + pad4(secrets.length));
    const v = new DataView(body.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, secrets.length, true);
    body.set(secrets, 8);
    this.block(DSB, body, []);
  }

  /** Adds an interface; returns its id for writePacket. */
  addInterface(iface: WrittenInterface): number {
    const body = new Uint8Array(8);
    const v = new DataView(body.buffer);
    v.setUint16(0, iface.linkType, true);
    v.setUint32(4, iface.snaplen >>> 0, true);
    const options: Array<readonly [number, Uint8Array]> = [];
    if (iface.name !== undefined) options.push([IF_NAME, this.encoder.encode(iface.name)]);
    if (iface.description !== undefined) options.push([IF_DESCRIPTION, this.encoder.encode(iface.description)]);
    // 6 (µs) is the default: say it only when different, as dumpcap does.
    if (iface.tsresol !== 6) options.push([IF_TSRESOL, Uint8Array.of(iface.tsresol)]);
    this.block(IDB, body, options);
    this.resolutions.push(iface.tsresol);
    return this.resolutions.length - 1;
  }

  writePacket(iface: number, sec: number, nsec: number, origLen: number, bytes: Uint8Array, comments: readonly string[] = []): void {
    const body = new Uint8Array(20 + pad4(bytes.length));
    const v = new DataView(body.buffer);
    const units = timestampUnits(sec, nsec, this.resolutions[iface]);
    v.setUint32(0, iface, true);
    v.setUint32(4, Number(units >> 32n) >>> 0, true);
    v.setUint32(8, Number(units & 0xffffffffn), true);
    v.setUint32(12, bytes.length, true);
    v.setUint32(16, origLen, true);
    body.set(bytes, 20);
    this.block(
      EPB,
      body,
      comments.map((c) => [OPT_COMMENT, this.encoder.encode(c)] as const),
    );
  }

  /**
   * A packet whose record had no timestamp, as a Simple Packet Block (§4.4) so it stays untimed; an
   * SPB always belongs to interface 0, so one of another interface gets an EPB at time 0.
   */
  writeUntimedPacket(iface: number, origLen: number, bytes: Uint8Array): void {
    if (iface !== 0) {
      this.writePacket(iface, 0, 0, origLen, bytes);
      return;
    }
    const body = new Uint8Array(4 + pad4(bytes.length));
    new DataView(body.buffer).setUint32(0, origLen, true);
    body.set(bytes, 4);
    this.block(SPB, body, []);
  }

  /** type, total length, body, options (each padded to 32 bits, then opt_endofopt), total length again. */
  private block(type: number, body: Uint8Array, options: ReadonlyArray<readonly [number, Uint8Array]>): void {
    const optLen = options.length ? options.reduce((n, [, val]) => n + 4 + pad4(val.length), 4) : 0;
    const total = 12 + body.length + optLen;
    const out = new Uint8Array(total);
    const v = new DataView(out.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, total, true);
    out.set(body, 8);
    let at = 8 + body.length;
    for (const [code, val] of options) {
      v.setUint16(at, code, true);
      v.setUint16(at + 2, val.length, true);
      out.set(val, at + 4);
      at += 4 + pad4(val.length);
    }
    if (options.length) v.setUint32(at, OPT_END, true);
    v.setUint32(total - 4, total, true);
    this.sink(out);
  }
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}
