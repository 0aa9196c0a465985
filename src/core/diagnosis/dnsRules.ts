import type { Capture } from '../capture/openCapture';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import type { DnsExchange } from './dnsExchanges';
import { dnsExchanges } from './dnsExchanges';
import { RFC1035_7_3, RFC2308, RFC8914 } from './references';

/** An answer this much slower than the server's fastest one, and at least SLOW_MIN s, is the server's delay, not the network's. */
const SLOW_FACTOR = 10;
const SLOW_MIN = 0.5;
/** An unanswered query is only "no answer" when the client resent it, or the capture went on this long after it. */
const WAITED = 1;
/** Names listed in a title. */
const NAMED = 4;
const RCODE_SERVFAIL = 2,
  RCODE_NXDOMAIN = 3,
  RCODE_NOTIMP = 4,
  RCODE_REFUSED = 5,
  RCODE_FORMERR = 1;
const SERVER_ERRORS: Record<number, string> = {
  [RCODE_FORMERR]: 'FORMERR',
  [RCODE_SERVFAIL]: 'SERVFAIL',
  [RCODE_NOTIMP]: 'NOTIMP',
  [RCODE_REFUSED]: 'REFUSED',
};

/** dns.no-answer: queries resent and never answered, one finding per server. */
export function dnsNoAnswerRule(ctx: DiagnosisContext, capture: Capture): Draft[] {
  const ix = ctx.index;
  const last = ix.count - 1;
  const unanswered = dnsExchanges(capture).filter((x) => !x.answers.length && (x.queries.length > 1 || ctx.seconds(x.queries[0], last) >= WAITED));
  return [...byServer(unanswered)].map(([server, xs]) => {
    const answered = dnsExchanges(capture).filter((x) => x.server === server && x.answers.length).length;
    const sends = xs.reduce((n, x) => n + x.queries.length, 0);
    const x0 = xs[0];
    return {
      confidence: answered ? 'medium' : 'high',
      stream: -1,
      client: x0.client,
      server,
      packets: evidence(xs.flatMap((x) => x.queries)),
      title: `DNS server ${server} never answered ${xs.length} ${plural(xs.length, 'query', 'queries')} (${names(xs)}), ${sends} sent in all`,
      explanation: `${xs.length === 1 ? `The query for ${x0.name}` : `${xs.length} queries (${names(xs)})`} to ${server} got no answer: ${sends} copies were sent${x0.queries.length > 1 ? ` (the ${x0.queries.length} for ${x0.name} over ${elapsedText(ctx.seconds(x0.queries[0], x0.queries[x0.queries.length - 1]), 1)} s, with one transaction ID: the client's resends)` : ''} and nothing came back. ${answered ? `The same server answered ${answered} other ${plural(answered, 'query', 'queries')}, so it is up and reachable: it drops these names (a filter, rate limiting, or a forwarder that never answers for that zone).` : 'It answered nothing in this capture: the server is down, or something on the path (a firewall dropping UDP 53) filters it.'} Every application waiting on these names stalls for the resolver's whole timeout (glibc: 5 s × 2 attempts per server by default) before it fails or tries the next server.`,
      references: [RFC1035_7_3],
      about: { host: hostOf(server), name: x0.name },
    };
  });
}

/** dns.nxdomain: answers saying the name does not exist, one finding per server. */
export function dnsNxdomainRule(_ctx: DiagnosisContext, capture: Capture): Draft[] {
  const nx = dnsExchanges(capture).filter((x) => x.rcode === RCODE_NXDOMAIN);
  return [...byServer(nx)].map(([server, xs]) => ({
    confidence: 'high',
    stream: -1,
    client: xs[0].client,
    server,
    packets: evidence(xs.flatMap((x) => [x.queries[0], x.answers[0]])),
    title: `DNS server ${server} answered NXDOMAIN (no such name) for ${xs.length} ${plural(xs.length, 'name', 'names')}: ${names(xs)}`,
    explanation: `${server} says ${xs.length === 1 ? `${xs[0].name} does not exist` : `these ${xs.length} names do not exist`} (RCODE 3, NXDOMAIN): an authoritative "no", not a failure of the server or the network. Either the name is wrong (a typo, a record missing from the zone, a stale configuration), or it is resolver noise: a short name tried with each search domain of resolv.conf in turn (ndots) fails for all but one, and only the last failure matters. Resolvers cache the "no" for the zone's SOA minimum (RFC 2308), so a record added now may stay invisible that long.`,
    references: [RFC2308],
    about: { host: hostOf(server), name: xs[0].name },
  }));
}

/** dns.server-error: SERVFAIL, REFUSED, NOTIMP, FORMERR — the server could not or would not answer; one finding per server and code. */
export function dnsServerErrorRule(_ctx: DiagnosisContext, capture: Capture): Draft[] {
  const out: Draft[] = [];
  for (const [rcode, code] of Object.entries(SERVER_ERRORS)) {
    const failed = dnsExchanges(capture).filter((x) => x.rcode === Number(rcode));
    for (const [server, xs] of byServer(failed)) {
      out.push({
        confidence: 'high',
        stream: -1,
        client: xs[0].client,
        server,
        variant: code,
        packets: evidence(xs.flatMap((x) => [x.queries[0], x.answers[0]])),
        title: `DNS server ${server} answered ${code} for ${xs.length} ${plural(xs.length, 'name', 'names')}: ${names(xs)}`,
        explanation: `${server} answered ${code} (RCODE ${rcode}) ${xs.length === 1 ? `for ${xs[0].name}` : `for these ${xs.length} names`}: ${meaning(Number(rcode))} The network delivered the question and the answer: the fix is on the DNS server or what it depends on.`,
        references: [RFC1035_7_3, RFC8914],
        about: { host: hostOf(server), name: xs[0].name, code },
      });
    }
  }
  return out;
}

/** dns.slow-answer: answers that took far longer than the server's fastest, one finding per server. */
export function dnsSlowAnswerRule(ctx: DiagnosisContext, capture: Capture): Draft[] {
  const answered = dnsExchanges(capture).filter((x) => x.answers.length);
  const out: Draft[] = [];
  for (const [server, xs] of byServer(answered)) {
    const times = xs.map((x) => ctx.seconds(x.queries[0], x.answers[0]));
    // reduce, not Math.min(...): a busy resolver's thousands of answers would overflow the argument list.
    const fastest = times.reduce((m, t) => (t >= 0 && t < m ? t : m), Infinity);
    const slow = xs.filter((_, k) => times[k] >= SLOW_MIN && (xs.length < 2 || times[k] >= SLOW_FACTOR * fastest));
    if (!slow.length) continue;
    const took = slow.map((x) => ctx.seconds(x.queries[0], x.answers[0]));
    const worst = took.reduce((m, t) => (t > m ? t : m), 0);
    const resent = slow.filter((x) => x.queries.length > 1 && x.queries[1] < x.answers[0]).length;
    const network =
      xs.length > slow.length
        ? ` The same server answered ${xs.length - slow.length} other ${plural(xs.length - slow.length, 'query', 'queries')}, the fastest in ${ms(fastest)}: that is the network's round trip, so the delay is the server's.`
        : '';
    out.push({
      confidence: xs.length > slow.length ? 'high' : 'medium',
      stream: -1,
      client: slow[0].client,
      server,
      packets: evidence(slow.flatMap((x) => [...x.queries, ...x.answers])),
      title: `DNS server ${server} took ${elapsedText(worst, 2)} s to answer ${slow.length === 1 ? slow[0].name : `${slow.length} names (${names(slow)})`}${xs.length > slow.length ? `; the network round trip is ${ms(fastest)}` : ''}`,
      explanation: `${slow.length === 1 ? `The answer for ${slow[0].name}` : `Answers for ${slow.length} names (${names(slow)})`} came ${took.map((t) => `${elapsedText(t, 2)} s`).join(', ')} after the query.${network}${resent ? ` The client gave up waiting and resent ${resent === 1 ? 'the query' : `${resent} queries`} before the answer came; the answers to the resends arrive late, for questions nobody waits for any more.` : ''} A recursive resolver is slow when it has to go upstream (cache miss) and an upstream or authoritative server is slow or unreachable for that zone, or when it is overloaded. Every connection to that name waits this long before its first packet.`,
      references: [RFC1035_7_3],
      about: { host: hostOf(server), name: slow[0].name },
    });
  }
  return out;
}

function meaning(rcode: number): string {
  switch (rcode) {
    case RCODE_SERVFAIL:
      return 'the server failed to resolve the name — its upstream or the authoritative servers did not answer, or DNSSEC validation failed (an expired signature, a broken chain of trust).';
    case RCODE_REFUSED:
      return 'the server refuses to answer this client — its access list does not allow recursion for this address, or it is not authoritative for the zone.';
    case RCODE_NOTIMP:
      return 'the server does not implement this kind of query.';
    default:
      return 'the server could not parse the query (a malformed message, or an option it does not understand such as EDNS).';
  }
}

function byServer(xs: DnsExchange[]): Map<string, DnsExchange[]> {
  const m = new Map<string, DnsExchange[]>();
  for (const x of xs) {
    const g = m.get(x.server);
    if (g) g.push(x);
    else m.set(x.server, [x]);
  }
  return m;
}

function evidence(packets: number[]): number[] {
  return [...new Set(packets.filter((i) => i >= 0))]
    .sort((a, b) => a - b)
    .slice(0, 24)
    .map((i) => i + 1);
}

function names(xs: DnsExchange[]): string {
  const all = [...new Set(xs.map((x) => x.name))];
  return all.length > NAMED ? `${all.slice(0, NAMED).join(', ')}, …` : all.join(', ');
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function ms(seconds: number): string {
  return seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms` : `${seconds.toFixed(2)} s`;
}

/** "10.0.0.53" from "10.0.0.53:53", "2001:db8::53" from "[2001:db8::53]:53". */
export function hostOf(endpoint: string): string {
  const host = endpoint.slice(0, endpoint.lastIndexOf(':'));
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
