/**
 * HTTP/1.x messages found in a followed TCP stream. Positions are byte offsets into one direction's
 * reassembled stream (FollowChunks), so bodies are read from the capture on demand, never copied
 * into the message. Plain data: no methods, nothing that imports Node.
 */

/** How the body's end is known (RFC 9112 §6.3). */
export type BodyFraming = 'none' | 'length' | 'chunked' | 'close';

export interface HttpHeader {
  name: string;
  value: string;
}

export interface HttpBody {
  framing: BodyFraming;
  /** The body's bytes (de-chunked, still content-coded) as [offset, length] pairs of the direction's stream. */
  pieces: number[];
  /** Bytes the pieces hold. */
  size: number;
  /** The stream ended before the body did (Content-Length not reached, chunked without its last chunk). */
  truncated: boolean;
  /** Content-Encoding, lower case, in the order the sender applied them (decoding goes backwards). */
  contentEncoding: string[];
}

export interface HttpMessage {
  kind: 'request' | 'response';
  /** CLIENT (0) or SERVER (1), as FollowChunks numbers them. */
  direction: number;
  startLine: string;
  /** "1.1", "1.0". */
  version: string;
  method?: string;
  uri?: string;
  status?: number;
  reason?: string;
  headers: HttpHeader[];
  /** Fields after a chunked body's last chunk. */
  trailers: HttpHeader[];
  /** Where the start line begins, where the body begins, and the byte after the message. */
  offset: number;
  bodyOffset: number;
  end: number;
  /** 0-based packets that carried the message's first and last byte. */
  firstPacket: number;
  lastPacket: number;
  body: HttpBody;
  /** The capture lacks bytes inside this message (a "[N bytes missing]" gap): its body is not what was sent. */
  missing: boolean;
  /** Why the message could not be read to its end; nothing after it in this direction is parsed. */
  error?: string;
}

/** A request and the response it got (pipelined responses pair in order), with any 1xx in between. */
export interface HttpExchange {
  request?: HttpMessage;
  /** 1xx interim responses (100 Continue, 103 Early Hints) sent before the final one. */
  interim: HttpMessage[];
  response?: HttpMessage;
}

/** One row of Export Objects → HTTP: a message body, as Wireshark's list shows it. */
export interface HttpObject {
  /** tcp.stream, the exchange's place in it, and which message's body. */
  stream: number;
  exchange: number;
  part: 'request' | 'response';
  /** 0-based packet that completed the message (Wireshark's "Packet" column is this + 1). */
  packet: number;
  /** The request's Host (or the server's address when it has none). */
  hostname: string;
  contentType: string;
  /** Bytes of the body as the sender meant it (decoded); the bytes as sent when it cannot be decoded. */
  size: number;
  /** Sanitised, not yet made unique (uniqueFileName does that against a folder). */
  filename: string;
  uri: string;
  /** Why the body is not what was sent (could not be decoded, bytes missing, cut short). */
  error?: string;
}

/** The first value of header `name` (case-insensitive), or undefined. */
export function headerValue(m: HttpMessage, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of m.headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/** Every value of header `name`, as a list (comma-separated fields split, RFC 9110 §5.3). */
export function headerList(m: HttpMessage, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const h of m.headers)
    if (h.name.toLowerCase() === lower)
      for (const v of h.value.split(',')) {
        const t = v.trim();
        if (t) out.push(t);
      }
  return out;
}
