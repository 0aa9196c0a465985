/**
 * One line of the packet detail tree, like a Wireshark proto_item: a field id
 * usable in filters, the text shown, and the bytes it covers so the hex view
 * can highlight them.
 */
export interface DetailNode {
  /** Filter-style field id, e.g. "tcp.srcport"; layers use the protocol id ("tcp"). */
  field: string;
  /** Display text, e.g. "Source Port: 51234". */
  text: string;
  /** Offset and length within the frame's captured bytes. */
  offset: number;
  length: number;
  value?: string | number | boolean;
  /**
   * Which bytes offset/length address: the frame's (absent) or, for the layers of a reassembled IP
   * datagram, the reassembled datagram's (Wireshark's "Reassembled IPv4" bytes tab); inside a
   * decrypted TLS record, its plaintext (Wireshark's "Decrypted TLS" tab), `record` saying which.
   */
  source?: 'reassembled' | 'decrypted';
  /** With `source: 'decrypted'`: which of the frame's decrypted records (0-based, in frame order). */
  record?: number;
  /** Expert-style note: "warning" for suspicious values, "error" for malformed data. */
  severity?: 'note' | 'warning' | 'error';
  children?: DetailNode[];
}

/** Small builder so layer dissectors read as a list of fields. */
export class NodeList {
  readonly nodes: DetailNode[] = [];

  add(field: string, text: string, offset: number, length: number, value?: string | number | boolean): DetailNode {
    const n: DetailNode = { field, text, offset, length };
    if (value !== undefined) n.value = value;
    this.nodes.push(n);
    return n;
  }

  problem(field: string, text: string, offset: number, length: number, severity: 'note' | 'warning' | 'error' = 'error'): DetailNode {
    const n = this.add(field, text, offset, length);
    n.severity = severity;
    return n;
  }
}

export function layer(field: string, text: string, offset: number, length: number, children: DetailNode[]): DetailNode {
  return { field, text, offset, length, children };
}

export function hex(v: number, digits: number): string {
  return `0x${v.toString(16).padStart(digits, '0')}`;
}
