import type { Capture } from '../capture/openCapture';
import { SECRETS_TLS_KEY_LOG, type CaptureInterface } from '../capture/types';
import type { ByteSink } from './byteSink';
import type { ExportFormat } from './exportTypes';
import { PcapngWriter } from './pcapngWriter';
import { PcapWriter } from './pcapWriter';
import { exportResolution } from './timestampUnits';

export type { ExportFormat } from './exportTypes';

/** "pcapng" unless the name ends in .pcap (or .cap), as editcap and Wireshark's save dialog choose. */
export function formatForFileName(name: string): ExportFormat {
  return /\.(pcap|cap)$/i.test(name) ? 'pcap' : 'pcapng';
}

/** A packet cannot go to the chosen format (pcap holds one link type). */
export class ExportError extends Error {}

/**
 * Writes packets of one or more captures, in the order given, to one pcap or pcapng file.
 * pcapng keeps every interface of every input apart (link type, snap length, name, description,
 * timestamp resolution), the section comments of the first input and each packet's comments;
 * timestamps keep their resolution. Packet bytes are read from the captures as they are written.
 */
export class CaptureWriter {
  private readonly pcapng?: PcapngWriter;
  private pcap?: PcapWriter;
  /** Output interface id of each input's first interface (pcapng). */
  private readonly ifaceBase: number[] = [];

  constructor(
    private readonly captures: readonly Capture[],
    private readonly format: ExportFormat,
    private readonly sink: ByteSink,
    /** TLS key logs to embed (pcapng): those of the inputs are kept, these are added after them. */
    tlsKeyLogs: readonly string[] = [],
  ) {
    if (format === 'pcap') return;
    this.pcapng = new PcapngWriter(sink, captures[0]?.index.format?.comments ?? []);
    for (const text of [...captures.flatMap((c) => c.index.tlsKeyLogs), ...tlsKeyLogs])
      this.pcapng.addDecryptionSecrets(SECRETS_TLS_KEY_LOG, new TextEncoder().encode(text));
    let base = 0;
    for (const c of captures) {
      this.ifaceBase.push(base);
      base += c.index.interfaces.length;
      for (const iface of c.index.interfaces) this.pcapng.addInterface(writtenInterface(iface));
    }
  }

  /** Writes packet i of input `input`. Throws ExportError when pcap cannot hold it. */
  write(input: number, i: number): void {
    const capture = this.captures[input];
    const ix = capture.index;
    const sec = ix.hasTime(i) ? ix.seconds(i) : 0;
    const nsec = ix.hasTime(i) ? ix.nsec[i] : 0;
    const bytes = capture.packetBytes(i);
    if (this.pcapng) {
      if (!ix.hasTime(i)) this.pcapng.writeUntimedPacket(this.ifaceBase[input] + ix.interfaceOf(i), ix.origLen[i], bytes);
      else this.pcapng.writePacket(this.ifaceBase[input] + ix.interfaceOf(i), sec, nsec, ix.origLen[i], bytes, ix.comments.get(i) ?? []);
      return;
    }
    const iface = ix.interfaces[ix.interfaceOf(i)];
    this.pcap ??= this.startPcap(iface);
    if (iface.linkType !== this.linkType) {
      throw new ExportError(`pcap holds one link type: packet ${i + 1} is link type ${iface.linkType}, not ${this.linkType}; write pcapng instead`);
    }
    this.pcap.writePacket(sec, nsec, ix.origLen[i], bytes);
  }

  private linkType = -1;

  /** pcap's single header, from the interfaces of the inputs: nanoseconds if any is finer than µs. */
  private startPcap(first: CaptureInterface): PcapWriter {
    this.linkType = first.linkType;
    const all = this.captures.flatMap((c) => c.index.interfaces);
    const snaplen = Math.max(...all.map((f) => f.snaplen));
    const nanos = all.some((f) => exportResolution(f.tsresol) > 6);
    return new PcapWriter(this.sink, first.linkType, snaplen, nanos);
  }
}

function writtenInterface(iface: CaptureInterface): { linkType: number; snaplen: number; tsresol: number; name?: string; description?: string } {
  return { linkType: iface.linkType, snaplen: iface.snaplen, tsresol: exportResolution(iface.tsresol), name: iface.name, description: iface.description };
}
