import type { TimestampEchoKind } from '../verdicts/verdictKinds';

/** TCP options an endpoint offered in its SYN or SYN/ACK. */
export interface OfferedOptions {
  mss?: number;
  wscale?: number;
  sackPerm: boolean;
  timestamps: boolean;
}

/** Zeek's conn_state values (base/protocols/conn/main.zeek); ICMP is always OTH. */
export type ZeekState = 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'RSTRH' | 'SH' | 'SHR' | 'OTH';

/** Our finer verdict on how a conversation went. */
export type FlowOutcome =
  | 'established' // handshake completed, still open at the end of the capture
  | 'closed' // FIN in both directions
  | 'closed-then-reset' // FIN in both directions, then a RST from a side that had sent its FIN (Zeek: SF)
  | 'half-closed' // FIN from one side only
  | 'aborted' // RST after the handshake, before that side's FIN
  | 'refused' // SYN answered by RST
  | 'no-answer' // SYNs with no reply at all
  | 'handshake-reset-by-client' // SYN, SYN/ACK, then the client reset instead of completing
  | 'handshake-incomplete' // SYN/ACK seen but neither the final ACK nor a RST
  | 'midstream' // the capture starts after the handshake
  | 'udp'
  | 'icmp';

/** One SYN or SYN/ACK of a handshake, for the ladder diagram and the diagnosis. */
export interface HandshakeSegment {
  frame: number;
  /** Seconds since the first SYN of the conversation. */
  at: number;
  tsval?: number;
  tsecr?: number;
  /** SYN/ACK only: whether its TSecr echoes the TSval of a SYN sent before it. */
  echoesSyn?: boolean;
  /** SYN/ACK only: the timestamp-echo verdict (verdicts/timestampEcho.ts). */
  echo?: TimestampEchoKind;
}

/** Every attempt of the three-way handshake, as seen in the capture. */
export interface Handshake {
  syns: HandshakeSegment[];
  synAcks: HandshakeSegment[];
  /** The client's ACK that completed the handshake (frame), if any. */
  finalAck?: number;
  /** RSTs sent before the handshake completed (frames). */
  resets: number[];
  /** Seconds between successive SYNs (the client's backoff). */
  retryIntervals: number[];
}

/** One conversation, as `flows --json` prints it and the Flows tab shows it. */
export interface FlowSummary {
  transport: 'tcp' | 'udp' | 'icmp';
  /** tcp.stream / udp.stream; for ICMP our own numbering of address pairs. */
  stream: number;
  client: string;
  server: string;
  /** How the client was picked: the first SYN's sender, the SYN/ACK's receiver, or the port heuristic. */
  clientBy: 'syn' | 'syn-ack' | 'port';
  /** Zeek's conn_state and history as conn.log would have them (history absent when Zeek logs none). */
  state?: ZeekState;
  history?: string;
  /**
   * Set when Zeek's originator (conn.log id.orig_h) is our server: its history then writes the
   * server's events in upper case. Zeek does not flip a SYN/ACK seen first between two service
   * ports (it may be a scan), where we still call the SYN/ACK's receiver the client.
   */
  zeekOriginator?: 'server';
  outcome: FlowOutcome;
  packets: { client: number; server: number };
  /** Frame bytes on the wire per direction. */
  bytes: { client: number; server: number };
  /** Transport payload bytes per direction. */
  payload: { client: number; server: number };
  /**
   * Epoch seconds of the first packet (nine fractional digits) and duration in seconds, over the
   * packets that have a timestamp (no start when none has: pcapng Simple Packet Blocks).
   */
  start?: string;
  duration: number;
  /** Initial RTT in seconds (SYN → first pure ACK, as tcp.analysis.initial_rtt). */
  irtt?: number;
  options?: { client?: OfferedOptions; server?: OfferedOptions };
  handshake?: Handshake;
  /** 1-based frame numbers of the first and last packet. */
  firstFrame: number;
  lastFrame: number;
}
