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

/**
 * Info-column tags in the order tshark 4.0 shows them. tcp_print_sequence_number_analysis prints
 * reused, retransmission, lost, window, keep-alive, duplicate ACK, zero window (each group in its
 * own order) and every tag is put in FRONT of the column (col_prepend_fence_fstr), so the column
 * reads them in reverse: "[TCP Window Full] [TCP Retransmission]", "[TCP ZeroWindow] [TCP Previous
 * segment not captured]". A fast or spurious retransmission is also flagged a retransmission but tagged once.
 * 'duplicate_ack' stands for its "[TCP Dup ACK f#n]" tag.
 */
const INFO_TAGS: Array<[AnalysisFlagName, string]> = [
  ['zero_window_probe_ack', 'TCP ZeroWindowProbeAck'],
  ['zero_window', 'TCP ZeroWindow'],
  ['zero_window_probe', 'TCP ZeroWindowProbe'],
  ['duplicate_ack', ''],
  ['keep_alive_ack', 'TCP Keep-Alive ACK'],
  ['keep_alive', 'TCP Keep-Alive'],
  ['window_full', 'TCP Window Full'],
  ['window_update', 'TCP Window Update'],
  ['ack_lost_segment', 'TCP ACKed unseen segment'],
  ['lost_segment', 'TCP Previous segment not captured'],
  ['out_of_order', 'TCP Out-Of-Order'],
  ['spurious_retransmission', 'TCP Spurious Retransmission'],
  ['fast_retransmission', 'TCP Fast Retransmission'],
  ['retransmission', 'TCP Retransmission'],
  ['reused_ports', 'TCP Port numbers reused'],
];

/** "[TCP Window Full] [TCP Retransmission] " etc.; `dup` formats a duplicate ACK's tag. */
export function analysisInfoTags(bits: number, dup?: [number, number]): string {
  let out = '';
  for (const [name, text] of INFO_TAGS) {
    if (!(bits & analysisBit(name))) continue;
    if (name === 'retransmission' && bits & (analysisBit('fast_retransmission') | analysisBit('spurious_retransmission'))) continue;
    if (name === 'duplicate_ack') {
      if (dup) out += `[TCP Dup ACK ${dup[1] + 1}#${dup[0]}] `;
      continue;
    }
    out += `[${text}] `;
  }
  return out;
}
