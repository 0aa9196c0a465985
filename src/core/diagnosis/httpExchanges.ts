import { ProtoCode } from '../decode/fields';
import type { HttpStartLine } from '../decode/http';
import { httpStartCode, parseHttpStartLine } from '../decode/http';
import type { HttpStart } from '../decode/http';
import { HTTP_NO_START, HTTP_REQUEST, HTTP_REREAD } from '../index/httpStarts';
import { decryptedContent } from '../tls/innerContent';
import type { TlsDecryption } from '../tls/tlsDecryption';
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
  constructor(
    private readonly ctx: DiagnosisContext,
    readonly requestPacket: number,
    readonly requestEnd: number,
    readonly responsePacket: number,
    readonly status: number,
    /** Given when known already (decrypted messages, which the file does not hold in the clear). */
    private requestText?: string,
    private statusText?: string,
  ) {}

  get request(): string {
    return (this.requestText ??= requestText(startLine(this.ctx, this.requestPacket)?.line ?? ''));
  }

  get statusLine(): string {
    return (this.statusText ??= statusText(startLine(this.ctx, this.responsePacket)?.line ?? ''));
  }
}

/** "GET /slow" from a request line, its target cut to a readable length. */
function requestText(line: string): string {
  const [method, target = ''] = line.split(' ');
  return `${method} ${target.length > MAX_TARGET ? `${target.slice(0, MAX_TARGET)}…` : target}`;
}

/** "503 Service Unavailable" from a status line. */
function statusText(line: string): string {
  return line.slice(line.indexOf(' ') + 1);
}

/** The HTTP/1.x messages started by the TLS records packet i completes, decrypted with the capture's key log. */
function decryptedStarts(decryption: TlsDecryption, i: number): HttpStart[] {
  const out: HttpStart[] = [];
  for (const r of decryption.frame(i)?.records ?? []) {
    const h = decryptedContent(r)?.http;
    if (h) out.push(h);
  }
  return out;
}

/**
 * The connection's request/response pairs, from the start-line codes the index keeps for the
 * segments that begin with an HTTP start word (texts read lazily), and, when the capture has a key
 * log, from the HTTP messages its decrypted TLS records start.
 */
export function httpExchanges(ctx: DiagnosisContext, flow: TcpFlow): HttpExchange[] {
  return ctx.memo(flow, 'http-exchanges', () => {
    const ix = ctx.index;
    const out: HttpExchange[] = [];
    const waiting: Array<{ packet: number; request?: string }> = [];
    const decryption = tlsDecryptionOf(ctx.capture);
    let lastClientData = -1;
    const respond = (i: number, status: number, line?: string) => {
      // 1xx are interim (100 Continue): the final response is still to come, except 101 (the protocol switches).
      if (status < 200 && status !== 101) return;
      const req = waiting.shift();
      if (req === undefined) return;
      out.push(new LazyExchange(ctx, req.packet, Math.max(req.packet, lastClientData), i, status, req.request, line));
    };
    for (let i = ctx.firstOf(flow); i >= 0; i = ctx.next(i)) {
      if (!ctx.inFlow(flow, i) || ix.payloadLen(i) === 0) continue;
      const fromClient = ctx.fromClient(flow, i);
      if (fromClient) lastClientData = i;
      if (ix.proto[i] === ProtoCode.Http) {
        const code = codeOf(ctx, i);
        if (code === HTTP_REQUEST && fromClient) waiting.push({ packet: i });
        else if (code >= 0 && !fromClient) respond(i, code);
      } else if (decryption) {
        // With a key log, the HTTP inside TLS: its texts come from the decrypted records.
        for (const h of decryptedStarts(decryption, i)) {
          if (h.kind === 'request' && fromClient) waiting.push({ packet: i, request: requestText(h.line) });
          else if (h.kind === 'response' && !fromClient) {
            const status = Number(h.line.split(' ')[1]);
            if (Number.isInteger(status)) respond(i, status, statusText(h.line));
          }
        }
      }
    }
    return out;
  });
}
