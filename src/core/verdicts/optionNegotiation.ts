import { OPT_MSS, OPT_SACK_PERM, OPT_TIMESTAMP, OPT_WSCALE } from '../decode/fields';
import type { PacketIndex } from '../index/packetIndex';

/** What one side's first SYN (or SYN/ACK) carried. */
export interface SynOffer {
  packet: number;
  mss?: number;
  wscale?: number;
  sackPerm: boolean;
  timestamps: boolean;
  /**
   * Its options were overwritten with NOPs (four or more NOPs and at most one real option): no stack
   * sends that, a middlebox blanked them keeping the header length.
   */
  stripped: boolean;
  /**
   * No window scale option, but three or more NOPs in a row: the option's 3 bytes overwritten with
   * NOPs by a middlebox (nftables "reset tcp option window" does exactly that). Stacks pad options
   * to 4-byte boundaries with at most two NOPs before an option they send.
   */
  wscaleBlanked: boolean;
  nops: number;
  /** Options other than NOP and EOL. */
  options: number;
}

/**
 * How an option fared in the handshake:
 * - in-use: both SYNs carry it;
 * - declined: the client offered it, the SYN/ACK does not carry it;
 * - not-offered: the client's SYN does not carry it (the server may not answer with it);
 * - stripped: the SYN that lacks it had its options overwritten with NOPs (for window scale: also
 *   when only that option was, see SynOffer.wscaleBlanked);
 * - unknown: a side's SYN is not in the capture.
 * For MSS, which each side announces rather than negotiates, "declined" and "not-offered" mean
 * that the server's or the client's SYN has none.
 */
export type NegotiationOutcome = 'in-use' | 'declined' | 'not-offered' | 'stripped' | 'unknown';

export interface OptionNegotiation {
  question: 'option-negotiation';
  client?: SynOffer;
  server?: SynOffer;
  mss: NegotiationOutcome;
  sackPerm: NegotiationOutcome;
  wscale: NegotiationOutcome;
  timestamps: NegotiationOutcome;
}

/** NOPs and real options in a SYN that mean a middlebox blanked its options. */
const STRIPPED_NOPS = 4;
/** The length of a window scale option: that many NOPs in a row where it is missing is the option blanked. */
const WSCALE_LENGTH = 3;

export function synOffer(ix: PacketIndex, i: number): SynOffer {
  const m = ix.optMask[i];
  const k = ix.syns.find(i);
  const o: SynOffer = {
    packet: i,
    sackPerm: (m & OPT_SACK_PERM) !== 0,
    timestamps: (m & OPT_TIMESTAMP) !== 0,
    stripped: false,
    wscaleBlanked: false,
    nops: 0,
    options: 0,
  };
  if (k < 0) return o;
  if (m & OPT_MSS) o.mss = ix.syns.mss[k];
  if (m & OPT_WSCALE && ix.syns.wscale[k] >= 0) o.wscale = ix.syns.wscale[k];
  o.nops = ix.syns.nops[k];
  o.options = ix.syns.options[k];
  o.stripped = o.nops >= STRIPPED_NOPS && o.options <= 1;
  o.wscaleBlanked = o.wscale === undefined && ix.syns.nopRun[k] >= WSCALE_LENGTH;
  return o;
}

/** `syns`: each side's first SYN, [client, server] (windowScaling.firstSyns). */
export function optionNegotiation(ix: PacketIndex, syns: readonly [number, number]): OptionNegotiation {
  const [c, s] = syns;
  const client = c >= 0 ? synOffer(ix, c) : undefined;
  const server = s >= 0 ? synOffer(ix, s) : undefined;
  const outcome = (has: (o: SynOffer) => boolean, blanked: (o: SynOffer) => boolean = () => false): NegotiationOutcome => {
    if (!client || !server) return 'unknown';
    if (!has(client)) return client.stripped || blanked(client) ? 'stripped' : 'not-offered';
    if (!has(server)) return server.stripped || blanked(server) ? 'stripped' : 'declined';
    return 'in-use';
  };
  const v: OptionNegotiation = {
    question: 'option-negotiation',
    mss: outcome((o) => o.mss !== undefined),
    sackPerm: outcome((o) => o.sackPerm),
    wscale: outcome(
      (o) => o.wscale !== undefined,
      (o) => o.wscaleBlanked,
    ),
    timestamps: outcome((o) => o.timestamps),
  };
  if (client) v.client = client;
  if (server) v.server = server;
  return v;
}
