import type { Capture } from '../capture/openCapture';
import type { TcpFlow } from '../flows/tcpConversations';
import type { TcpAnalysisExtras } from '../flows/tcpSequenceAnalysis';
import { aggregate } from './aggregate';
import type { Occurrence } from './context';
import { DiagnosisContext } from './context';
import type { Finding } from './finding';
import { RowCache } from '../summary/rowCache';
import { handshakeResetRule, noAnswerRule, refusedRule, staleAckRule, timestampEchoRule } from './handshakeRules';
import { synOptionRules, timestampUsageRules } from './optionRules';
import { resetRules } from './resetRules';
import { transferRules } from './transferRules';
import { undecodedPacketRule } from './undecodedPackets';

/** Runs every rule family over every TCP flow and folds the results into findings. */
export function diagnose(capture: Capture, flows: TcpFlow[], extras: TcpAnalysisExtras, rows = new RowCache(capture)): Finding[] {
  const ctx = new DiagnosisContext(capture, flows, extras, rows);
  const all: Occurrence[] = [];
  for (const flow of flows) {
    const handshake = [
      ...timestampEchoRule(ctx, flow),
      ...refusedRule(ctx, flow),
      ...noAnswerRule(ctx, flow),
      ...staleAckRule(ctx, flow),
    ];
    all.push(...handshake, ...handshakeResetRule(ctx, flow, handshake));
    all.push(...resetRules(ctx, flow));
    all.push(...synOptionRules(ctx, flow));
    all.push(...timestampUsageRules(ctx, flow));
    all.push(...transferRules(ctx, flow));
  }
  all.push(...undecodedPacketRule(capture));
  return aggregate(all);
}
