import type { TcpFlow } from '../flows/tcpConversations';
import { legFloor } from '../verdicts/pathRtt';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import type { HttpExchange } from './httpExchanges';
import { httpExchanges } from './httpExchanges';
import { RFC9110_15 } from './references';

/** Server think time worth a finding: at least this long, and this many times the network's round trip. */
const SLOW_SECONDS = 1;
const SLOW_FACTOR = 10;

/** http.server-error: 5xx responses, one occurrence per response, folded per server and status. */
export function httpServerErrorRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  return httpExchanges(ctx, flow)
    .filter((x) => x.status >= 500 && x.status < 600)
    .map((x) =>
      statusDraft(
        flow,
        x,
        'The server (or a proxy or load balancer in front of it) failed to handle a request it received: an application error or crash (500), no healthy backend or overload (502, 503), a backend that did not answer in time (504). The network delivered the request and the answer: the fix is in the application or its backends, and its logs say why.',
      ),
    );
}

/** http.client-error: 4xx responses, folded per server and status. */
export function httpClientErrorRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  return httpExchanges(ctx, flow)
    .filter((x) => x.status >= 400 && x.status < 500)
    .map((x) =>
      statusDraft(
        flow,
        x,
        `The server refused the request as asked: ${clientErrorMeaning(x.status)} Nothing failed in the network or the server; the request (its URL, credentials or rate) is what to change — or the server's configuration, when it should allow it.`,
      ),
    );
}

/** http.slow-server: the server's think time (request → first response byte) dwarfs the network's round trip. */
export function httpSlowServerRule(ctx: DiagnosisContext, flow: TcpFlow): Draft[] {
  const xs = httpExchanges(ctx, flow);
  if (!xs.length) return [];
  const ref = ctx.verdicts.ref(flow.stream);
  const leg = ref ? legFloor(ctx.verdicts.pathRtt(ref).server) : undefined;
  const rtt = leg?.seconds;
  const slow = xs
    .map((x) => ({ x, took: ctx.seconds(x.requestEnd, x.responsePacket) }))
    .filter(({ took }) => took >= SLOW_SECONDS && (rtt === undefined || took >= SLOW_FACTOR * rtt));
  if (!slow.length) return [];
  const worst = slow.reduce((a, b) => (b.took > a.took ? b : a));
  const { client, server, stream } = flow.summary;
  const network = rtt === undefined ? 'the network round trip was not measured' : `the network is fine (round trip ${ms(rtt)} between here and the server)`;
  const acked = leg && leg.from === worst.x.requestEnd ? leg.to : -1;
  return [
    {
      confidence: rtt === undefined ? 'medium' : 'high',
      stream,
      client,
      server,
      side: 'server',
      packets: [
        worst.x.requestPacket,
        ...(worst.x.requestEnd !== worst.x.requestPacket ? [worst.x.requestEnd] : []),
        ...(acked >= 0 ? [acked] : []),
        worst.x.responsePacket,
      ].map((i) => i + 1),
      title: `${cap(network)}: the server took ${elapsedText(worst.took, 2)} s to answer ${worst.x.request}`,
      explanation: `${server} sent the first byte of its response (frame ${worst.x.responsePacket + 1}) ${elapsedText(worst.took, 2)} s after the request ${worst.x.request} (frame ${worst.x.requestEnd + 1})${acked >= 0 ? `, though its TCP stack acknowledged the request ${ms(leg!.seconds)} after it passed here (frame ${acked + 1})` : ''}; ${network}. ${slow.length > 1 ? `${slow.length} requests on this connection waited 1 s or more. ` : ''}The time is the server's: the application thinking, waiting on a database, a backend, a lock or a full worker pool — tuning the network will not help. (A long-poll or streaming endpoint waits on purpose.)`,
      groupTitle: (n) => `${n} connections to ${server} waited over ${SLOW_SECONDS} s for the server's answer; ${network}`,
      references: [RFC9110_15],
      about: { request: worst.x.request },
    },
  ];
}

function statusDraft(flow: TcpFlow, x: HttpExchange, meaning: string): Draft {
  const { client, server, stream } = flow.summary;
  return {
    confidence: 'high',
    stream,
    client,
    server,
    variant: String(x.status),
    packets: [x.requestPacket + 1, x.responsePacket + 1],
    title: `HTTP ${x.statusLine} from ${server} for ${x.request}`,
    explanation: `${server} answered ${x.request} (frame ${x.requestPacket + 1}) with ${x.statusLine} (frame ${x.responsePacket + 1}). ${meaning}`,
    groupTitle: (n) => `${n} HTTP ${x.status} responses from ${server} (first: ${x.request})`,
    references: [RFC9110_15],
    about: { status: String(x.status), request: x.request },
  };
}

function clientErrorMeaning(status: number): string {
  switch (status) {
    case 400:
      return 'the request is malformed (400).';
    case 401:
      return 'it needs authentication the client did not give (401).';
    case 403:
      return 'the server understood it and forbids it to this client (403: permissions, an access rule, a WAF).';
    case 404:
      return 'no such resource (404: a wrong URL, a missing file, a route not deployed).';
    case 405:
      return 'the method is not allowed on this resource (405).';
    case 407:
      return 'the proxy needs authentication (407).';
    case 408:
      return 'the server gave up waiting for the request (408).';
    case 413:
      return 'the request body is larger than the server accepts (413).';
    case 429:
      return 'too many requests: the client is rate-limited (429).';
    default:
      return `status ${status}.`;
  }
}

function ms(seconds: number): string {
  return seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms` : `${seconds.toFixed(2)} s`;
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
