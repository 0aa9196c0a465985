import type { FollowStream } from '../follow/followStream';
import { CLIENT, SERVER } from '../follow/followChunks';
import type { HttpExchange } from './httpMessage';
import { parseDirection } from './httpParser';

/**
 * The HTTP/1.x exchanges of a followed TCP stream: the client's requests in order, each paired with
 * the server's next final response (HTTP/1.1 answers pipelined requests in the order they came,
 * RFC 9112 §9.3.2); 1xx responses attach to the request they precede. Empty when the stream does
 * not start as HTTP/1.x in either direction. Responses without a request (the capture began mid-
 * connection) are exchanges with no request.
 */
export function httpExchanges(stream: FollowStream): HttpExchange[] {
  if (stream.kind !== 'tcp') return [];
  const requests = parseDirection(stream, CLIENT, 'request');
  const responses = parseDirection(stream, SERVER, 'response', (n) => requests[n]?.method);
  const out: HttpExchange[] = requests.map((request) => ({ request, interim: [] }));
  let n = 0;
  for (const r of responses) {
    while (out.length <= n) out.push({ interim: [] });
    const interim = r.status !== undefined && r.status >= 100 && r.status < 200 && r.status !== 101;
    if (interim) out[n].interim.push(r);
    else out[n++].response = r;
  }
  return out;
}
