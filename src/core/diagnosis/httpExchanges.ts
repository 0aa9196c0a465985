import { ProtoCode } from '../decode/fields';
import { parseHttpStart, type HttpStart } from '../decode/http';
import { decryptedContent } from '../tls/innerContent';
import { tlsDecryptionOf } from '../tls/tlsDecryption';
import type { TcpFlow } from '../flows/tcpConversations';
import { appPayload } from './appPayload';
import type { DiagnosisContext } from './context';

/** One HTTP/1.x request and the response to it on a connection (RFC 9112 §9.3: responses come in request order). */
export interface HttpExchange {
  /** "GET /slow", cut to a readable length. */
  request: string;
  requestPacket: number;
  /** The client's last data segment before the response: the request's end (a POST body included). */
  requestEnd: number;
  responsePacket: number;
  status: number;
  /** "503 Service Unavailable". */
  statusLine: string;
}

const MAX_TARGET = 80;

/** The connection's request/response pairs, from the segments the index classified as HTTP (read lazily). */
export function httpExchanges(ctx: DiagnosisContext, flow: TcpFlow): HttpExchange[] {
  return ctx.memo(flow, 'http-exchanges', () => {
    const ix = ctx.index;
    const out: HttpExchange[] = [];
    const waiting: Array<{ request: string; packet: number }> = [];
    let lastClientData = -1;
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i) || ix.payloadLen(i) === 0) continue;
      const fromClient = ctx.fromClient(flow, i);
      if (fromClient) lastClientData = i;
      for (const h of httpStarts(ctx, i)) {
        if (h.kind === 'request' && fromClient) {
          const [method, target = ''] = h.line.split(' ');
          waiting.push({ request: `${method} ${target.length > MAX_TARGET ? `${target.slice(0, MAX_TARGET)}…` : target}`, packet: i });
        } else if (h.kind === 'response' && !fromClient) {
          const status = Number(h.line.split(' ')[1]);
          // 1xx are interim (100 Continue): the final response is still to come, except 101 (the protocol switches).
          if (!Number.isInteger(status) || (status < 200 && status !== 101)) continue;
          const req = waiting.shift();
          if (!req) continue;
          out.push({
            request: req.request,
            requestPacket: req.packet,
            requestEnd: Math.max(req.packet, lastClientData),
            responsePacket: i,
            status,
            statusLine: h.line.slice(h.line.indexOf(' ') + 1),
          });
        }
      }
    }
    return out;
  });
}

/**
 * The HTTP/1.x messages packet i starts: its own payload's (a segment the index classified as
 * HTTP), or, when the capture has a key log, those of the TLS records it completes, decrypted.
 */
function httpStarts(ctx: DiagnosisContext, i: number): HttpStart[] {
  if (ctx.index.proto[i] === ProtoCode.Http) {
    const p = appPayload(ctx.capture, i);
    const h = p && parseHttpStart(p.bytes, p.from, p.to);
    return h ? [h] : [];
  }
  const frame = tlsDecryptionOf(ctx.capture)?.frame(i);
  const out: HttpStart[] = [];
  for (const r of frame?.records ?? []) {
    const h = decryptedContent(r)?.http;
    if (h) out.push(h);
  }
  return out;
}
