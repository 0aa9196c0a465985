import { IntList } from './intList';
import { PacketList } from './packetList';

/** A segment's bytes start a request (its start line ends in HTTP/x.y). */
export const HTTP_REQUEST = -1;
/** The first bytes looked like a start (a method or "HTTP"), the start line says otherwise: no message starts. */
export const HTTP_NO_START = -2;
/** Not judged while indexing (the segment completed a reassembled datagram): re-read it to know. */
export const HTTP_REREAD = -3;
/** A response whose status is not a whole number. */
export const HTTP_BAD_STATUS = -4;

/**
 * TCP segments whose payload starts with an HTTP/1.x method or "HTTP" (the Protocol column's test),
 * each with what its start line says, judged while the bytes are at hand: a response's status
 * (0 and up) or one of the codes above. The diagnosis pairs requests and responses from these
 * without re-reading the file, and reads a message's text only for the findings that quote it.
 */
export class HttpStartTable {
  readonly packets = new PacketList();
  private readonly codes = new IntList();

  add(packet: number, code: number): void {
    this.packets.push(packet);
    this.codes.push(code);
  }

  /** The start-line code of packet i, or undefined when it does not begin with a start word. */
  codeOf(packet: number): number | undefined {
    const k = this.packets.indexOf(packet);
    return k < 0 ? undefined : this.codes.get(k);
  }
}
