import { analysisBit } from '../index/analysisFlags';

const RETRANSMISSION = analysisBit('retransmission');
const FAST_RETRANSMISSION = analysisBit('fast_retransmission');
const SPURIOUS_RETRANSMISSION = analysisBit('spurious_retransmission');
const OUT_OF_ORDER = analysisBit('out_of_order');
const KEEP_ALIVE = analysisBit('keep_alive');

/**
 * Whether a TCP segment's payload goes on to the protocol above (HTTP, TLS), read by the packet
 * list and by the protocol hierarchy alike. tshark gives no protocol above TCP the payload of a
 * retransmitted or out-of-order segment (its tcp.no_subdissector_on_error, on by default) nor a
 * keep-alive's byte (decode_tcp_ports): the segment stays "TCP" even when its bytes start an HTTP
 * message or a TLS record. A fast retransmission (flagged a retransmission here too, as tshark's
 * tree shows it) is a flag of its own in packet-tcp.c and is still dissected; so is a spurious one
 * (also flagged a retransmission). Known once the sequence analysis ran (ix.analysis).
 */
export function payloadNotHandedOn(analysis: number): boolean {
  return (
    ((analysis & RETRANSMISSION) !== 0 && (analysis & (FAST_RETRANSMISSION | SPURIOUS_RETRANSMISSION)) === 0) || (analysis & (OUT_OF_ORDER | KEEP_ALIVE)) !== 0
  );
}
