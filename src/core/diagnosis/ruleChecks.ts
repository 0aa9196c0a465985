import type { Capture } from '../capture/openCapture';
import type { TcpFlow } from '../flows/tcpConversations';
import type { DiagnosisContext } from './context';
import type { Draft } from './draft';
import { captureDropsRule } from './captureDrops';
import { captureReorderRule } from './captureReorder';
import { rtoStallRule } from './rtoStall';
import { diedInRetransmissionsRule } from './diedInRetransmissions';
import { handshakeResetRule, noAnswerRule, refusedRule, staleAckRule, tsecrMismatchRule, zeroTimestampsRule } from './handshakeRules';
import { mssMissingRule, strippedOptionsRule, tsNotNegotiatedRule, tsvalBackwardsRule, wscaleTooLargeRule } from './optionRules';
import { abortiveCloseRule, afterFinResetRule, halfOpenResetRule, injectedResetRule, outOfWindowResetRule } from './resetRules';
import type { RULE_REGISTRY, RuleId } from './ruleRegistry';
import { nagleDelayedAckRule } from './nagleDelayedAck';
import { offloadArtefactsRule } from './offloadArtefacts';
import { scanRule } from './scanRule';
import { dnsNoAnswerRule, dnsNxdomainRule, dnsServerErrorRule, dnsSlowAnswerRule } from './dnsRules';
import { tlsAlertRule, tlsHelloUnansweredRule } from './tlsRules';
import { httpClientErrorRule, httpServerErrorRule, httpSlowServerRule } from './httpRules';
import { throughputLimitRule } from './throughputLimit';
import { highRttRule, mtuBlackholeRule, retransmissionsRule, zeroWindowRule } from './transferRules';
import { undecodedPacketRule } from './undecodedPackets';
import { backlogOverflowRule } from './backlogOverflow';
import { portReuseRule } from './portReuse';
import { sackMangledRule } from './sackMangling';

export type FlowCheck = (ctx: DiagnosisContext, flow: TcpFlow) => Draft[];
export type CaptureCheck = (ctx: DiagnosisContext, capture: Capture) => Draft[];

/** The check a registered rule runs: per flow or per capture, as its registry row says. */
type CheckOf<K extends RuleId> = Extract<(typeof RULE_REGISTRY)[number], { id: K }>['scope'] extends 'capture' ? CaptureCheck : FlowCheck;

/** Each registered rule's check, by id: the compiler insists on one per registry row. */
export const RULE_CHECKS: { readonly [K in RuleId]: CheckOf<K> } = {
  'tcp.handshake.tsecr-mismatch': tsecrMismatchRule,
  'tcp.handshake.zero-timestamps': zeroTimestampsRule,
  'tcp.handshake.refused': refusedRule,
  'tcp.handshake.no-answer': noAnswerRule,
  'tcp.handshake.stale-ack': staleAckRule,
  'tcp.handshake.reset-by-client': handshakeResetRule,
  'tcp.rst.injected': injectedResetRule,
  'tcp.rst.after-fin': afterFinResetRule,
  'tcp.rst.out-of-window': outOfWindowResetRule,
  'tcp.rst.half-open': halfOpenResetRule,
  'tcp.rst.abortive-close': abortiveCloseRule,
  'tcp.options.wscale-too-large': wscaleTooLargeRule,
  'tcp.options.stripped': strippedOptionsRule,
  'tcp.options.mss-missing': mssMissingRule,
  'tcp.options.ts-not-negotiated': tsNotNegotiatedRule,
  'tcp.options.tsval-backwards': tsvalBackwardsRule,
  'tcp.transfer.retransmissions': retransmissionsRule,
  'tcp.transfer.zero-window': zeroWindowRule,
  'tcp.transfer.mtu-blackhole': mtuBlackholeRule,
  'tcp.transfer.high-rtt': highRttRule,
  'tcp.scan': scanRule,
  'capture.undecoded': (_ctx, capture) => undecodedPacketRule(capture),
  // TCP failure rules of issue 11 (branch issue11-tcprules).
  'tcp.handshake.backlog-overflow': backlogOverflowRule,
  'tcp.handshake.port-reuse': portReuseRule,
  'tcp.options.sack-mangled': sackMangledRule,
  // Application layer (issue 11, branch issue11-app).
  'dns.no-answer': dnsNoAnswerRule,
  'dns.nxdomain': dnsNxdomainRule,
  'dns.server-error': dnsServerErrorRule,
  'dns.slow-answer': dnsSlowAnswerRule,
  'tls.alert': tlsAlertRule,
  'tls.hello-unanswered': tlsHelloUnansweredRule,
  'http.server-error': httpServerErrorRule,
  'http.client-error': httpClientErrorRule,
  'http.slow-server': httpSlowServerRule,
  // --- Transfer family (issue 11, branch issue11-transfer).
  'tcp.transfer.throughput-limit': throughputLimitRule,
  'tcp.transfer.nagle-delayed-ack': nagleDelayedAckRule,
  'tcp.transfer.died-in-retransmissions': diedInRetransmissionsRule,
  'capture.drops': captureDropsRule,
  'capture.offload': offloadArtefactsRule,
  // --- Capture reorder and RTO stalls (issue 11, branch issue11-span).
  'capture.reorder': captureReorderRule,
  'tcp.transfer.rto-stall': rtoStallRule,
};
