/**
 * Findings are the diagnosis layer's output, kept apart from decoding (as
 * Wireshark keeps expert info apart from dissectors): each has a stable rule
 * id, a severity, the evidence packets and the fixes.
 */
export type Severity = 'error' | 'warning' | 'info';

/** Every rule's id, from the rule registry (ruleRegistry.ts). */
export type { RuleId } from './ruleRegistry';
import type { RuleId } from './ruleRegistry';

export type FixAction =
  | { kind: 'sysctl'; key: string; value: string; where: 'client' | 'server' }
  | { kind: 'command'; command: string }
  | { kind: 'doc'; url: string }
  | { kind: 'filter'; filter: string };

export interface Fix {
  title: string;
  action: FixAction;
  /** What applying it costs, in a sentence. */
  cost?: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** One line with the key numbers. */
  title: string;
  /** What a network engineer would write: what happened, why, with references. */
  explanation: string;
  /** How sure the rule is, given what a capture can show. */
  confidence: 'high' | 'medium' | 'low';
  /** Streams (tcp.stream) this finding covers. */
  streams: number[];
  /** Evidence: 1-based frame numbers, most telling first. */
  packets: number[];
  /** Occurrences folded into this finding (connections, or events for per-packet rules). */
  count: number;
  client?: string;
  server?: string;
  fixes: Fix[];
  references: string[];
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
