import { TH_ACK, TH_SYN } from '../decode/tcp';
import { endpointText } from '../flows/endpointText';
import { zeekFlipsTcp } from '../flows/zeekState';
import type { PacketIndex } from '../index/packetIndex';
import type { StreamRef } from './streamRef';

/** How the client was picked: the first SYN's sender, the SYN/ACK's receiver, or the port heuristic. */
export type ClientEvidence = 'syn' | 'syn-ack' | 'port';

/**
 * Who is the client, from a conversation's first packet: a SYN's sender, a SYN/ACK's receiver,
 * else the sender unless the ports say otherwise (as Zeek guesses its originator). Decided here
 * once; conversations, rules, tooltips and the diagram read the direction it gives.
 */
export function clientDirection(flags: number, dir: number, sport: number, dport: number): { dir: number; by: ClientEvidence } {
  if ((flags & (TH_SYN | TH_ACK)) === TH_SYN) return { dir, by: 'syn' };
  if ((flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK)) return { dir: dir ^ 1, by: 'syn-ack' };
  return { dir: zeekFlipsTcp(flags, sport, dport) ? dir ^ 1 : dir, by: 'port' };
}

/** The two ends of a conversation by role, as interned addresses and ports. */
export interface Endpoints {
  clientAddr: number;
  clientPort: number;
  serverAddr: number;
  serverPort: number;
}

/** The two ends of a conversation by role, with their text. */
export interface Roles extends Endpoints {
  question: 'roles';
  clientDir: number;
  /** "10.0.0.1:40000", "[2001:db8::1]:443". */
  client: string;
  server: string;
}

export function endpointsOf(ix: PacketIndex, ref: StreamRef): Endpoints {
  const t = ix.tcpStreams,
    s = ref.stream,
    cd = ref.clientDir;
  return cd === 0
    ? { clientAddr: t.aAddr[s], clientPort: t.aPort[s], serverAddr: t.bAddr[s], serverPort: t.bPort[s] }
    : { clientAddr: t.bAddr[s], clientPort: t.bPort[s], serverAddr: t.aAddr[s], serverPort: t.aPort[s] };
}

export function rolesOf(ix: PacketIndex, ref: StreamRef): Roles {
  const e = endpointsOf(ix, ref);
  return {
    question: 'roles',
    clientDir: ref.clientDir,
    ...e,
    client: endpointText(ix, e.clientAddr, e.clientPort),
    server: endpointText(ix, e.serverAddr, e.serverPort),
  };
}
