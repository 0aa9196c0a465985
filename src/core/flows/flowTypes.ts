/** TCP options an endpoint offered in its SYN or SYN/ACK. */
export interface OfferedOptions {
  mss?: number;
  wscale?: number;
  sackPerm: boolean;
  timestamps: boolean;
}

/** Zeek's conn_state values (base/protocols/conn/main.zeek). */
export type ZeekState = 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'RSTRH' | 'SH' | 'SHR' | 'OTH';

/** Our finer verdict on how a conversation went. */
export type FlowOutcome =
  | 'established' // handshake completed, still open at the end of the capture
  | 'closed' // FIN in both directions
  | 'half-closed' // FIN from one side only
  | 'aborted' // RST after the handshake
  | 'refused' // SYN answered by RST
  | 'no-answer' // SYNs with no reply at all
  | 'handshake-reset-by-client' // SYN, SYN/ACK, then the client reset instead of completing
  | 'handshake-incomplete' // SYN/ACK seen but neither the final ACK nor a RST
  | 'midstream' // the capture starts after the handshake
  | 'udp'
  | 'icmp';

/** One conversation, as `flows --json` prints it and the Flows tab shows it. */
export interface FlowSummary {
  transport: 'tcp' | 'udp';
  /** tcp.stream / udp.stream. */
  stream: number;
  client: string;
  server: string;
  /** How the client was picked: the first SYN's sender, the SYN/ACK's receiver, or the port heuristic. */
  clientBy: 'syn' | 'syn-ack' | 'port';
  state?: ZeekState;
  history?: string;
  outcome: FlowOutcome;
  packets: { client: number; server: number };
  /** Frame bytes on the wire per direction. */
  bytes: { client: number; server: number };
  /** Transport payload bytes per direction. */
  payload: { client: number; server: number };
  /** Epoch seconds of the first packet (nine fractional digits) and duration in seconds. */
  start: string;
  duration: number;
  /** Initial RTT in seconds (SYN → first pure ACK, as tcp.analysis.initial_rtt). */
  irtt?: number;
  options?: { client?: OfferedOptions; server?: OfferedOptions };
  /** 1-based frame numbers of the first and last packet. */
  firstFrame: number;
  lastFrame: number;
}
