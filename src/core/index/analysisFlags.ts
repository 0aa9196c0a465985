/**
 * Per-packet TCP analysis flags, one bit each, named exactly as tshark's
 * tcp.analysis.* field suffixes so JSON output and filters use its vocabulary.
 */
export const ANALYSIS_FLAG_NAMES = [
  'retransmission',
  'fast_retransmission',
  'spurious_retransmission',
  'out_of_order',
  'lost_segment',
  'ack_lost_segment',
  'duplicate_ack',
  'zero_window',
  'zero_window_probe',
  'zero_window_probe_ack',
  'window_full',
  'window_update',
  'keep_alive',
  'keep_alive_ack',
  'reused_ports',
] as const;

export type AnalysisFlagName = (typeof ANALYSIS_FLAG_NAMES)[number];

export function analysisBit(name: AnalysisFlagName): number {
  return 1 << ANALYSIS_FLAG_NAMES.indexOf(name);
}

export const A_REUSED_PORTS = analysisBit('reused_ports');

export function analysisNames(bits: number): AnalysisFlagName[] {
  const out: AnalysisFlagName[] = [];
  for (let i = 0; i < ANALYSIS_FLAG_NAMES.length; i++) if (bits & (1 << i)) out.push(ANALYSIS_FLAG_NAMES[i]);
  return out;
}
