import type { Fix, Severity } from '../diagnosis/finding';
import { RFC2018, RFC7323_2_3, RFC7323_3_2 } from '../diagnosis/references';
import type { CompareDraft } from './compareFinding';

const READ_ONLY = 'None: it only reads.';

/** One compare rule, declared once (as analyze's RULE_REGISTRY): the CLI, SARIF and any view read it. */
export interface CompareRuleRow {
  id: string;
  severity: Severity;
  severityWhen?: string;
  /** One line naming the rule. */
  title: string;
  /** What kind of device or event causes it. */
  cause: string;
  fixes: (d: CompareDraft) => Fix[];
}

const frames = (d: CompareDraft): Fix[] => [
  ...(d.packetsA.length
    ? [{ title: 'Show the evidence in A', action: { kind: 'filter', filter: `frame.number in {${d.packetsA.join(' ')}}` }, cost: 'None.' } as Fix]
    : []),
  ...(d.packetsB.length
    ? [{ title: 'Show the evidence in B', action: { kind: 'filter', filter: `frame.number in {${d.packetsB.join(' ')}}` }, cost: 'None.' } as Fix]
    : []),
];

const findTheBox: Fix = {
  title: 'Find the device: capture again on each hop between A and B (the rewrite happens between the last capture without it and the first with it)',
  action: { kind: 'command', command: "sudo tcpdump -ni any -w hop.pcap 'tcp[tcpflags] & (tcp-syn|tcp-rst) != 0'" },
  cost: 'None: one more capture per hop.',
};

const linuxTcpOptionRules: Fix = {
  title: 'On a Linux router or firewall between the points: list the rules that set TCP options',
  action: { kind: 'command', command: "nft list ruleset | grep -n -e 'tcp option' -e maxseg -e 'tcp flags'" },
  cost: READ_ONLY,
};

/**
 * Every rule of `compare`, in the order the CLI lists findings of equal severity. A rule is a pure
 * function of the comparison (compareRules.ts) and never changes what it judges.
 */
export const COMPARE_RULE_REGISTRY = [
  {
    id: 'compare.appeared-between',
    severity: 'warning',
    severityWhen: 'error for RSTs: a forged reset ends a connection neither end wanted to end',
    title: 'Packets appeared between the points that no endpoint sent',
    cause: 'A device between the points injects packets: an IPS, censor or firewall forging RSTs, a SYN proxy answering for the server, a router sending ICMP.',
    fixes: (d) => [
      findTheBox,
      {
        title: 'Look for reject rules on Linux boxes between the points (a reject with tcp reset is a forged RST)',
        action: { kind: 'command', command: 'nft list ruleset | grep -n reject' },
        cost: READ_ONLY,
      },
      ...frames(d),
    ],
  },
  {
    id: 'compare.lost-between',
    severity: 'warning',
    severityWhen: 'error when 10 % or more of a direction is lost, or a connection never got through',
    title: 'Packets were lost between the points',
    cause: 'A device between the points drops packets: a policer or full queue, a firewall rule, a flapping or faulty link.',
    fixes: (d) => [
      {
        title: `Measure loss hop by hop towards ${d.about.peer ?? 'the far side'}`,
        action: { kind: 'command', command: `mtr -rwc 100 ${d.about.peerHost ?? ''}`.trim() },
        cost: '100 probes per hop.',
      },
      {
        title: 'On a Linux box between the points: interface drops and drop/limit rules',
        action: { kind: 'command', command: "ip -s link; nft list ruleset | grep -n -e drop -e limit -e 'numgen'" },
        cost: READ_ONLY,
      },
      ...frames(d),
    ],
  },
  {
    id: 'compare.rewritten',
    severity: 'warning',
    severityWhen: "error when the SYN/ACK's TSecr no longer echoes the client's TSval (Linux drops it, RFC 7323 §3.2) or TCP flags change",
    title: 'A device between the points rewrites packet fields',
    cause: 'A middlebox normalises or randomises TCP/IP fields: timestamp rewriting, TTL or DSCP re-marking, payload rewriting (an ALG, a proxy).',
    fixes: (d) => [
      ...(d.about.tsecr
        ? [
            {
              title: 'Exempt this traffic from TCP timestamp rewriting on the middlebox, or have it rewrite both directions consistently',
              action: { kind: 'doc', url: RFC7323_3_2 },
              cost: 'A firewall change.',
            } as Fix,
          ]
        : []),
      linuxTcpOptionRules,
      findTheBox,
      ...frames(d),
    ],
  },
  {
    id: 'compare.checksum-corrupted',
    severity: 'error',
    title: 'A checksum went wrong between the points',
    cause: 'A device changed a packet without updating its checksum, or corrupts bits (a faulty NIC, cable or memory).',
    fixes: (d) => [
      {
        title: 'On each box between the points: error counters of the interfaces',
        action: { kind: 'command', command: 'ip -s -s link; ethtool -S eth0 | grep -i -e err -e crc' },
        cost: READ_ONLY,
      },
      ...frames(d),
    ],
  },
  {
    id: 'compare.option-stripped',
    severity: 'warning',
    title: 'A device between the points strips TCP options',
    cause:
      'A firewall or load balancer removes options it does not trust: without window scaling the window stays at most 64 KB (throughput ≤ 64 KB per round trip), without SACK every loss costs a round trip more.',
    fixes: (d) => [
      linuxTcpOptionRules,
      {
        title: 'Let the options through on the middlebox (RFC 7323 window scaling, RFC 2018 SACK)',
        action: { kind: 'doc', url: d.about.option === 'SACK-permitted' ? RFC2018 : RFC7323_2_3 },
        cost: 'A firewall change.',
      },
      ...frames(d),
    ],
  },
  {
    id: 'compare.mss-clamped',
    severity: 'info',
    title: 'A device between the points clamps the MSS',
    cause: 'MSS clamping on a router or firewall (a tunnel, PPPoE or VPN whose MTU is below 1500): usually deliberate, and what prevents PMTU black holes.',
    fixes: (d) => [
      linuxTcpOptionRules,
      {
        title: `See the path MTU towards ${d.about.peer ?? 'the far side'}`,
        action: { kind: 'command', command: `tracepath -n ${d.about.peerHost ?? ''}`.trim() },
        cost: 'A few probes.',
      },
      ...frames(d),
    ],
  },
  {
    id: 'compare.nat',
    severity: 'info',
    title: 'Addresses or ports are translated between the points (NAT)',
    cause: 'Source or destination NAT (masquerade, a load balancer, a CGNAT) between the points.',
    fixes: (d) => [
      {
        title: 'On a Linux NAT between the points: the translation table for this connection',
        action: { kind: 'command', command: `conntrack -L -p tcp --dport ${d.about.port ?? ''}`.trim() },
        cost: READ_ONLY,
      },
    ],
  },
  {
    id: 'compare.seq-offset',
    severity: 'info',
    title: 'Sequence numbers are offset between the points (a randomising firewall)',
    cause:
      'A firewall randomises initial sequence numbers (Cisco ASA "sequence number randomization"): harmless when it also rewrites SACK blocks and timestamps-related checks, a cause of broken SACK when it does not.',
    fixes: () => [
      {
        title: 'On a Cisco ASA, turn the randomisation off for this traffic (class map of the policy)',
        action: { kind: 'command', command: 'set connection random-sequence-number disable' },
        cost: 'The hosts behind it keep their own ISNs, which modern stacks randomise anyway (RFC 6528).',
      },
    ],
  },
] as const satisfies readonly CompareRuleRow[];

export type CompareRuleId = (typeof COMPARE_RULE_REGISTRY)[number]['id'];

export function compareRuleRow(id: CompareRuleId): CompareRuleRow {
  return COMPARE_RULE_REGISTRY.find((r) => r.id === id)!;
}
