import type { PacketRecord } from '../../../src/core/summary/packetRecord';
import type { GoldenRow } from './tsharkGolden';

/** A field where our engine and tshark disagree on one packet. */
export interface Mismatch {
  frame: number;
  field: string;
  ours: string;
  tshark: string;
}

const num = (s: string | undefined) => (s === undefined || s === '' ? '' : String(Number(s)));

/**
 * Compares the numeric and address fields of the `packets --json` contract with
 * tshark's output for the same packet. Protocol and Info are compared apart
 * (see infoComparison) because tshark's reassembly-driven text differs by design.
 */
export function compareFields(ours: PacketRecord, t: GoldenRow): Mismatch[] {
  const out: Mismatch[] = [];
  const frame = ours.no;
  const eq = (field: string, a: unknown, b: string) => {
    const as = a === undefined || a === null ? '' : String(a);
    if (as !== b) out.push({ frame, field, ours: as, tshark: b });
  };
  eq('frame.number', ours.no, t['frame.number']);
  eq('frame.time_epoch', ours.time, t['frame.time_epoch']);
  eq('frame.len', ours.len, t['frame.len']);
  eq('frame.cap_len', ours.caplen, t['frame.cap_len']);
  eq('src', ours.src, t['ip.src'] || t['ipv6.src']);
  eq('dst', ours.dst, t['ip.dst'] || t['ipv6.dst']);
  // For ICMP errors tshark's tcp.* / udp.* come from the quoted datagram; the contract has none there.
  const quoted = /^ICMP/.test(t['_ws.col.Protocol']);
  if (!quoted) {
    const tcp = ours.tcp;
    eq('tcp.srcport', tcp?.sport, t['tcp.srcport']);
    eq('tcp.dstport', tcp?.dport, t['tcp.dstport']);
    eq('tcp.stream', tcp?.stream, t['tcp.stream']);
    eq('tcp.flags', tcp?.flags, num(t['tcp.flags']));
    eq('tcp.seq', tcp?.seq, t['tcp.seq']);
    // tshark adds tcp.ack only when the ACK flag is set; the contract then says 0.
    eq('tcp.ack', tcp && t['tcp.ack'] === '' ? '' : tcp?.ack, t['tcp.ack']);
    eq('tcp.seq_raw', tcp?.seqRaw, t['tcp.seq_raw']);
    eq('tcp.ack_raw', tcp && t['tcp.ack_raw'] === '' ? '' : tcp?.ackRaw, t['tcp.ack_raw']);
    eq('tcp.window_size_value', tcp?.win, t['tcp.window_size_value']);
    eq('tcp.len', tcp?.len, t['tcp.len']);
    eq('tcp.options.mss_val', tcp?.mss, t['tcp.options.mss_val']);
    eq('tcp.options.wscale.shift', tcp?.wscale, t['tcp.options.wscale.shift']);
    eq('tcp.options.sack_perm', tcp?.sackPerm ? 'present' : '', t['tcp.options.sack_perm'] ? 'present' : '');
    eq('tcp.options.timestamp.tsval', tcp?.tsval, t['tcp.options.timestamp.tsval']);
    eq('tcp.options.timestamp.tsecr', tcp?.tsecr, t['tcp.options.timestamp.tsecr']);
    eq('udp.srcport', ours.udp?.sport, t['udp.srcport']);
    eq('udp.dstport', ours.udp?.dport, t['udp.dstport']);
    eq('udp.length', ours.udp?.len, t['udp.length']);
  }
  return out;
}
