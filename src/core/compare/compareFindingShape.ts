import type { Fix, Severity } from '../diagnosis/finding';

/**
 * A finding of `compare`: the shape `analyze` gives its findings (rule, severity, title,
 * explanation, fixes, confidence, count, references) plus what two vantage points show: the
 * changed fields with their value in each capture, the evidence frames in each file, and where
 * on the path it happened. Generic in the rule id and the field type, and importing no engine
 * code, so the webview's protocol can name it too (src/protocol.ts).
 */
export interface CompareFindingShape<Rule extends string, Field> {
  rule: Rule;
  severity: Severity;
  title: string;
  /** What kind of device or event causes this (the registry's, one sentence). */
  cause: string;
  explanation: string;
  confidence: 'high' | 'medium' | 'low';
  /** "between A and B", with the routers in between as the TTLs count them. */
  location: string;
  hops: number | null;
  /** For a modification: each changed field as A and B show it (null: absent there). */
  fields: Field[];
  /** Evidence: 1-based frame numbers in A and in B, most telling first. */
  packetsA: number[];
  packetsB: number[];
  /** tcp.stream of the connections concerned, in each capture. */
  streamsA: number[];
  streamsB: number[];
  /** Occurrences folded into this finding (packets or connections, as the title says). */
  count: number;
  fixes: Fix[];
  references: string[];
}
