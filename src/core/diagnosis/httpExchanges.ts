import { ProtoCode } from '../decode/fields';
import { parseHttpStartLine } from '../decode/http';
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
      // Segments that continue a message (bodies) are HTTP too, but only a start can begin one: not re-read.
      if (ix.proto[i] !== ProtoCode.Http || !ix.httpStarts.has(i)) continue;
      const p = appPayload(ctx.capture, i);
      const h = p && parseHttpStartLine(p.bytes, p.from, p.to);
      if (!h) continue;
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
    return out;
  });
}
