import type { Capture } from '../capture/openCapture';
import { AddressFamily } from '../index/addressTable';
import type { DiagnosisContext, Draft } from './context';
import { elapsedText } from './context';
import { NMAP_SYN_SCAN, RFC9293_3_10_7 } from './references';
import type { PingSweep, Probe, SourceAttempts } from './scanProbes';
import { attemptsBySource, echoesBySource } from './scanProbes';

/** Distinct ports on one host (a port scan), or hosts on one port (a sweep), probed by one source. */
const MIN_TARGETS = 20;
/** Share of that source's attempts there that carried no data. */
const PROBE_SHARE = 0.8;
/** Open ports or live hosts named in a title. */
const NAMED = 8;

/**
 * tcp.scan: many data-less connection attempts from one source to many ports of one host (a port
 * scan) or to one port of many hosts (a sweep) are one event, not hundreds of refused or
 * unanswered connections: one finding per scan, which speaks for (supersedes) the per-connection
 * findings of the attempts it folds.
 */
export function scanRule(ctx: DiagnosisContext, capture: Capture): Draft[] {
  const out: Draft[] = [];
  let pings: Map<number, PingSweep> | undefined;
  for (const s of attemptsBySource(capture, ctx.flows).values()) {
    if (s.probes.length < MIN_TARGETS) continue;
    const claimed = new Set<number>();
    for (const [target, probes] of groupBy(s.probes, (p) => p.targetAddr)) {
      const ports = new Set(probes.map((p) => p.port));
      if (ports.size < MIN_TARGETS || probes.length < PROBE_SHARE * (s.attemptsByTarget.get(target) ?? 0)) continue;
      for (const p of probes) claimed.add(p.stream);
      out.push(portScan(ctx, s, target, probes, ports.size));
    }
    for (const [port, probes] of groupBy(
      s.probes.filter((p) => !claimed.has(p.stream)),
      (p) => p.port,
    )) {
      const hosts = new Set(probes.map((p) => p.targetAddr));
      if (hosts.size < MIN_TARGETS || probes.length < PROBE_SHARE * (s.attemptsByPort.get(port) ?? 0)) continue;
      pings ??= echoesBySource(capture);
      out.push(hostSweep(ctx, s, port, probes, hosts.size, pings.get(s.sourceAddr)));
    }
  }
  return out;
}

function portScan(ctx: DiagnosisContext, s: SourceAttempts, target: number, probes: Probe[], portCount: number): Draft {
  const ix = ctx.index;
  const src = ix.addresses.text(s.sourceAddr),
    dst = ix.addresses.text(target);
  const open = [...new Set(probes.filter((p) => p.answer === 'open').map((p) => p.port))].sort((a, b) => a - b);
  const count = (a: Probe['answer']) => new Set(probes.filter((p) => p.answer === a).map((p) => p.port)).size;
  const sourcePorts = new Set(probes.map((p) => p.sourcePort));
  const halfOpen = sourcePorts.size === 1;
  const answers = [
    count('closed') && `${count('closed')} answered RST/ACK (closed)`,
    count('silent') && `${count('silent')} did not answer (filtered)`,
    count('unreachable') && `${count('unreachable')} were rejected with ICMP unreachable`,
    `${open.length} answered SYN/ACK (open${open.length ? `: ${open.join(', ')}` : ''})`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    confidence: 'high',
    stream: -1,
    client: src,
    server: dst,
    variant: 'ports',
    covers: probes.map((p) => p.stream),
    about: { source: src, target: dst, family: familyOf(ctx, s.sourceAddr) },
    packets: evidence(probes),
    title: `Port scan from ${src}: ${portCount} ports on ${dst}, ${open.length} open${open.length ? ` (${named(open.map(String))})` : ''}`,
    explanation: `${src} sent SYNs to ${portCount} ports of ${dst} in ${span(ctx, probes)} s${halfOpen ? `, all from source port ${probes[0].sourcePort}` : ''}, and none of these connections carried data: a port scan${halfOpen ? " by a raw-socket scanner (nmap -sS style: the scanner's own kernel resets the SYN/ACKs of open ports, as no socket owns its source port)" : ''}. ${answers}. These ${probes.length} attempts are one event: their "refused" and "no answer" findings are folded into this one.`,
    references: [RFC9293_3_10_7, NMAP_SYN_SCAN],
  };
}

function hostSweep(ctx: DiagnosisContext, s: SourceAttempts, port: number, probes: Probe[], hostCount: number, ping: PingSweep | undefined): Draft {
  const ix = ctx.index;
  const src = ix.addresses.text(s.sourceAddr);
  const hosts = (a: Probe['answer']) => [...new Set(probes.filter((p) => p.answer === a).map((p) => p.targetAddr))];
  const alive = hosts('open')
    .map((h) => ix.addresses.text(h))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const others = [
    hosts('unreachable').length && `${hosts('unreachable').length} were unreachable (ICMP)`,
    hosts('silent').length && `${hosts('silent').length} did not answer`,
    hosts('closed').length && `${hosts('closed').length} refused (RST/ACK)`,
  ]
    .filter(Boolean)
    .join(', ');
  const pinged = ping && ping.asked.size >= 2 ? `; ICMP echo to ${ping.asked.size} hosts, ${ping.answered.size} answered` : '';
  return {
    confidence: 'high',
    stream: -1,
    client: src,
    server: `port ${port}`,
    variant: 'hosts',
    covers: probes.map((p) => p.stream),
    about: { source: src, family: familyOf(ctx, s.sourceAddr) },
    packets: [...(ping && pinged ? [ping.firstRequest + 1] : []), ...evidence(probes)],
    title: `Host sweep from ${src}: port ${port} on ${hostCount} hosts, ${alive.length} alive${alive.length ? ` (${named(alive)})` : ''}${pinged}`,
    explanation: `${src} tried port ${port} on ${hostCount} hosts in ${span(ctx, probes)} s and no connection carried data: a sweep looking for live hosts or for one service. ${alive.length} answered SYN/ACK${alive.length ? ` (${named(alive)})` : ''}${others ? `; ${others}` : ''}.${pinged ? ` It also pinged ${ping!.asked.size} hosts; ${ping!.answered.size} answered.` : ''} These ${probes.length} attempts are one event: their per-connection findings are folded into this one.`,
    references: [RFC9293_3_10_7],
  };
}

/** The first SYN, each open target's SYN and SYN/ACK, the first refusal and rejection, the last SYN. */
function evidence(probes: Probe[]): number[] {
  const picks: number[] = [probes[0].syn];
  for (const p of probes.filter((x) => x.answer === 'open').slice(0, NAMED)) picks.push(p.syn, p.reply);
  for (const a of ['closed', 'unreachable'] as const) {
    const p = probes.find((x) => x.answer === a);
    if (p) picks.push(p.reply);
  }
  picks.push(probes[probes.length - 1].syn);
  return [...new Set(picks.filter((i) => i >= 0))].map((i) => i + 1);
}

function span(ctx: DiagnosisContext, probes: Probe[]): string {
  let first = probes[0].syn,
    last = first;
  for (const p of probes) {
    if (p.syn < first) first = p.syn;
    if (p.syn > last) last = p.syn;
  }
  const seconds = ctx.seconds(first, last);
  return elapsedText(seconds, seconds < 1 ? 3 : 1);
}

function named(items: string[]): string {
  return items.length > NAMED ? `${items.slice(0, NAMED).join(', ')}, …` : items.join(', ');
}

function familyOf(ctx: DiagnosisContext, addr: number): string {
  return ctx.index.addresses.family(addr) === AddressFamily.IPv6 ? 'ipv6' : 'ip';
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return m;
}
