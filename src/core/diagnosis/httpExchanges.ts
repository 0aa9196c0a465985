import { ProtoCode } from '../decode/fields';
import type { HttpStartLine } from '../decode/http';
import { httpStartCode, parseHttpStartLine } from '../decode/http';
import { HTTP_NO_START, HTTP_REQUEST, HTTP_REREAD } from '../index/httpStarts';
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

/** Packet i's start line, re-read from the file (undefined when it holds none). */
function startLine(ctx: DiagnosisContext, i: number): HttpStartLine | undefined {
  const p = appPayload(ctx.capture, i);
  return p && parseHttpStartLine(p.bytes, p.from, p.to);
}

/** Packet i's start-line code as the index judged it, or judged now from the file when it could not. */
function codeOf(ctx: DiagnosisContext, i: number): number {
  const code = ctx.index.httpStarts.codeOf(i);
  if (code === undefined) return HTTP_NO_START;
  if (code !== HTTP_REREAD) return code;
  const p = appPayload(ctx.capture, i);
  return p ? httpStartCode(p.bytes, p.from, p.to) : HTTP_NO_START;
}

/**
 * An exchange whose texts are read from the file only when asked for: rules judge by status and
 * timing, and only the few exchanges a finding quotes are read.
 */
class LazyExchange implements HttpExchange {
  private requestText?: string;
  private statusText?: string;

  constructor(
    private readonly ctx: DiagnosisContext,
    readonly requestPacket: number,
    readonly requestEnd: number,
    readonly responsePacket: number,
    readonly status: number,
  ) {}

  get request(): string {
    if (this.requestText === undefined) {
      const [method, target = ''] = (startLine(this.ctx, this.requestPacket)?.line ?? '').split(' ');
      this.requestText = `${method} ${target.length > MAX_TARGET ? `${target.slice(0, MAX_TARGET)}…` : target}`;
    }
    return this.requestText;
  }

  get statusLine(): string {
    if (this.statusText === undefined) {
      const line = startLine(this.ctx, this.responsePacket)?.line ?? '';
      this.statusText = line.slice(line.indexOf(' ') + 1);
    }
    return this.statusText;
  }
}

/**
 * The connection's request/response pairs, from the start-line codes the index keeps for the
 * segments that begin with an HTTP start word (texts read lazily).
 */
export function httpExchanges(ctx: DiagnosisContext, flow: TcpFlow): HttpExchange[] {
  return ctx.memo(flow, 'http-exchanges', () => {
    const ix = ctx.index;
    const out: HttpExchange[] = [];
    const waiting: number[] = [];
    let lastClientData = -1;
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i) || ix.payloadLen(i) === 0) continue;
      const fromClient = ctx.fromClient(flow, i);
      if (fromClient) lastClientData = i;
      if (ix.proto[i] !== ProtoCode.Http) continue;
      const code = codeOf(ctx, i);
      if (code === HTTP_REQUEST && fromClient) waiting.push(i);
      else if (code >= 0 && !fromClient) {
        // 1xx are interim (100 Continue): the final response is still to come, except 101 (the protocol switches).
        if (code < 200 && code !== 101) continue;
        const req = waiting.shift();
        if (req === undefined) continue;
        out.push(new LazyExchange(ctx, req, Math.max(req, lastClientData), i, code));
      }
    }
    return out;
  });
}
