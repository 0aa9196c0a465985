import type { Capture } from '../../core/capture/openCapture';
import type { FollowStream } from '../../core/follow/followStream';
import { followTcp } from '../../core/follow/tcpFollow';
import { bodyKind } from '../../core/http/bodyKind';
import { decodedBody, isContentCoded, readRawBody } from '../../core/http/httpBody';
import { httpExchanges } from '../../core/http/httpExchanges';
import type { HttpExchange, HttpMessage, HttpObject } from '../../core/http/httpMessage';
import { headerValue } from '../../core/http/httpMessage';
import { httpObjects } from '../../core/http/httpObjects';
import type { HttpBodyReply, HttpExchangeView, HttpMessageView, ViewRequest } from '../../protocol';

/** Body bytes per reply: a window, like rows (the page asks for the next one when it needs it). */
export const MAX_BODY_WINDOW = 256 * 1024;
/**
 * Exchanges or objects per reply, like packet rows: a keep-alive stream can carry millions, and one
 * reply with all of them outlasts the request's timeout (100,000 did) and the page's memory.
 */
export const MAX_HTTP_ITEMS = 1000;

/** A window of a list: where it starts, how long the whole list is, and the items asked for. */
export interface HttpWindow<T> {
  start: number;
  total: number;
  items: T[];
}
/** Bytes sniffed to tell text from binary when the Content-Type does not say. */
const SNIFF = 512;

/**
 * The worker's HTTP answers for one capture: the exchanges of a TCP stream, windows of a message's
 * body (as sent, or decoded), and the Export Objects list. The last streams followed and the last
 * decoded body are kept, so paging through a body does not follow or decompress it again.
 */
export class HttpStreams {
  private readonly streams = new Map<number, { stream: FollowStream; exchanges: HttpExchange[] }>();
  private decoded: { key: string; bytes?: Uint8Array; error?: string } | undefined;
  private objects: HttpObject[] | undefined;

  constructor(private readonly capture: Capture) {}

  /**
   * Exchanges start..start+count-1 of a TCP stream (at most MAX_HTTP_ITEMS) and how many it has;
   * undefined when the capture has no such TCP stream. Only the window is turned into views.
   */
  exchanges(stream: number, start: number, count: number): HttpWindow<HttpExchangeView> | undefined {
    const s = this.follow(stream);
    if (!s) return undefined;
    const { from, to } = windowOf(s.exchanges.length, start, count);
    const items = s.exchanges.slice(from, to).map((x) => ({
      ...(x.request ? { request: messageView(s.stream, x.request) } : {}),
      interim: x.interim.map((m) => messageView(s.stream, m)),
      ...(x.response ? { response: messageView(s.stream, x.response) } : {}),
    }));
    return { start: from, total: s.exchanges.length, items };
  }

  /** A window of a message's body; a string says why there is none. */
  body(req: Extract<ViewRequest, { type: 'httpBody' }>): Omit<HttpBodyReply, 'type'> | string {
    const s = this.follow(req.stream);
    if (!s) return `no TCP stream ${req.stream}`;
    const m = s.exchanges[req.exchange]?.[req.part];
    if (!m) return `stream ${req.stream} has no ${req.part} in exchange ${req.exchange}`;
    const start = Math.max(0, Math.floor(req.start));
    const count = Math.max(0, Math.min(Math.floor(req.count), MAX_BODY_WINDOW));
    const base = { stream: req.stream, exchange: req.exchange, part: req.part, decoded: req.decoded, start };
    if (!req.decoded || !isContentCoded(m)) {
      const bytes = readRawBody(s.stream, m, start, start + count);
      return { ...base, total: m.body.size, bytes: Array.from(bytes), kind: kindOf(s.stream, m) };
    }
    const key = `${req.stream}/${req.exchange}/${req.part}`;
    if (this.decoded?.key !== key) this.decoded = { key, ...decodedBody(s.stream, m) };
    const d = this.decoded;
    if (!d.bytes) return { ...base, total: 0, bytes: [], kind: 'binary', error: d.error };
    return {
      ...base,
      total: d.bytes.length,
      bytes: Array.from(d.bytes.subarray(start, start + count)),
      kind: bodyKind(headerValue(m, 'content-type') ?? '', d.bytes.subarray(0, SNIFF)),
    };
  }

  /** Bodies start..start+count-1 of the capture's (File → Export Objects → HTTP); the list is computed once. */
  objectList(start: number, count: number): HttpWindow<HttpObject> {
    const all = (this.objects ??= httpObjects(this.capture));
    const { from, to } = windowOf(all.length, start, count);
    return { start: from, total: all.length, items: all.slice(from, to) };
  }

  private follow(stream: number): { stream: FollowStream; exchanges: HttpExchange[] } | undefined {
    if (!Number.isInteger(stream) || stream < 0 || stream >= this.capture.index.tcpStreams.count) return undefined;
    let s = this.streams.get(stream);
    if (!s) {
      const followed = followTcp(this.capture, stream);
      s = { stream: followed, exchanges: httpExchanges(followed) };
      // Two streams: the Follow view's and one the export is reading.
      if (this.streams.size >= 2) this.streams.delete(this.streams.keys().next().value!);
      this.streams.set(stream, s);
    } else {
      this.streams.delete(stream);
      this.streams.set(stream, s);
    }
    return s;
  }
}

/** The window [from, to) of a list of `total` that a request may have: clamped, and at most MAX_HTTP_ITEMS long. */
function windowOf(total: number, start: number, count: number): { from: number; to: number } {
  const from = Math.max(0, Math.min(total, Math.floor(start) || 0));
  return { from, to: Math.min(total, from + Math.max(0, Math.min(MAX_HTTP_ITEMS, Math.floor(count) || 0))) };
}

function kindOf(stream: FollowStream, m: HttpMessage) {
  return bodyKind(headerValue(m, 'content-type') ?? '', isContentCoded(m) ? new Uint8Array(0) : readRawBody(stream, m, 0, SNIFF));
}

function messageView(stream: FollowStream, m: HttpMessage): HttpMessageView {
  return {
    kind: m.kind,
    startLine: m.startLine,
    headers: m.headers,
    trailers: m.trailers,
    firstPacket: m.firstPacket,
    lastPacket: m.lastPacket,
    framing: m.body.framing,
    bodySize: m.body.size,
    contentType: headerValue(m, 'content-type') ?? '',
    contentEncoding: m.body.contentEncoding,
    bodyKind: isContentCoded(m) ? undefined : kindOf(stream, m),
    truncated: m.body.truncated,
    missing: m.missing,
    ...(m.error ? { error: m.error } : {}),
  };
}
