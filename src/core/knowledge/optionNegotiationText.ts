import type { OptionNegotiation, SynOffer } from '../verdicts/optionNegotiation';
import type { Side } from '../verdicts/streamRef';
import { otherSide } from '../verdicts/streamRef';

const f = (i: number) => `frame ${i + 1}`;
const synName = (side: Side) => (side === 'server' ? 'SYN/ACK' : 'SYN');

/** The MSS an endpoint must assume when the peer announced none (RFC 9293 §3.7.1). */
export function defaultMss(ipv6: boolean): number {
  return ipv6 ? 1220 : 536;
}

/** What one side's MSS option means, and what the peer announced. */
export function mssText(v: OptionNegotiation, side: Side, ipv6: boolean): string {
  const own = v[side];
  const peer = otherSide(side);
  const peerOffer = v[peer];
  const mss = own?.mss ?? 0;
  const hdr = ipv6 ? 60 : 40;
  const size = mss + hdr;
  const mtu =
    size === 1500 ? ' — a 1500-byte Ethernet MTU' : size < 1500 ? ' — below a 1500-byte MTU: a tunnel, VPN or an MSS-clamping middlebox on the path' : '';
  let text = `The ${side} accepts segments of up to ${mss} bytes of payload: ${mss} + ${hdr} bytes of headers = ${size}-byte packets${mtu}.`;
  if (peerOffer?.mss !== undefined)
    text += ` The ${peer} announced MSS ${peerOffer.mss} (${f(peerOffer.packet)}), so the ${side} sends it segments of at most ${peerOffer.mss} bytes.`;
  else if (peerOffer) text += ` ${mssMissingText(v, peer, ipv6)}`;
  return text;
}

/** A side's SYN without MSS option: the finding and every surface say this. */
export function mssMissingText(v: OptionNegotiation, side: Side, ipv6: boolean): string {
  const o = v[side]!;
  return `The ${side}'s ${synName(side)} (${f(o.packet)}) has no MSS option${o.stripped ? ' (its options were overwritten with NOPs)' : ''}: the ${otherSide(side)} must assume ${defaultMss(ipv6)} bytes (RFC 9293 §3.7.1), so segments to the ${side} stay small.`;
}

/** What one side's SACK_PERM means on this connection. */
export function sackPermText(v: OptionNegotiation, side: Side): string {
  const peer = otherSide(side);
  const p = v[peer];
  if (!p) return `SACK is used only if the ${peer}'s ${synName(peer)} also carries SACK_PERM; it is not in this capture.`;
  if (v.sackPerm === 'in-use')
    return `Both sides offered it: selective acknowledgements are in use on this connection (the ${peer}'s ${synName(peer)}, ${f(p.packet)}).`;
  return `The ${peer}'s ${synName(peer)} (${f(p.packet)}) does not offer it${p.stripped ? ' (its options were overwritten with NOPs)' : ''}: no SACK on this connection, so a loss costs a go-back retransmission.`;
}

/** A SYN whose options a middlebox blanked with NOPs. */
export function strippedText(o: SynOffer, side: Side): string {
  return `The ${side}'s ${synName(side)} (${f(o.packet)}) carries ${o.nops} NOP bytes and ${o.options ? 'almost ' : ''}no real option: no stack sends that. A middlebox replaced the options with NOPs (keeping the header length), which silently disables window scaling, SACK and timestamps.`;
}
