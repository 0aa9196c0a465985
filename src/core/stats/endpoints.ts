import type { PacketIndex } from '../index/packetIndex';
import type { EthernetPairs } from './ethernetPairs';
import type { StatsKind } from './statsKinds';
import { addressFamilies, endText, hasPorts, packetEnds } from './statsKinds';

/** One row of `tshark -z endpoints,TYPE`: tx counts packets it sent, rx those it received. */
export interface Endpoint {
  address: string;
  /** TCP/UDP only. */
  port?: number;
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

/**
 * Endpoints of one kind in the order they first appear (tshark's order), with frame.len bytes.
 * A packet to itself counts as sent and as received, as tshark's two add_endpoint calls do.
 * Slots are keyed by address id (and port), so the pass allocates per endpoint, not per packet.
 */
export function endpoints(ix: PacketIndex, kind: StatsKind, macs?: EthernetPairs): Endpoint[] {
  const families = addressFamilies(ix);
  const ports = hasPorts(kind);
  const slotOf = new Map<number, number>();
  const addr: number[] = [];
  const port: number[] = [];
  let tx = new Float64Array(64 * 4);
  const slot = (a: number, p: number): number => {
    const key = ports ? a * 65536 + p : a;
    let s = slotOf.get(key);
    if (s === undefined) {
      s = addr.length;
      slotOf.set(key, s);
      addr.push(a);
      port.push(p);
      if (s * 4 + 4 > tx.length) {
        const bigger = new Float64Array(tx.length * 2);
        bigger.set(tx);
        tx = bigger;
      }
    }
    return s;
  };
  const ends = new Uint32Array(2);
  for (let i = 0; i < ix.count; i++) {
    if (!packetEnds(ix, families, kind, i, ends, macs)) continue;
    const len = ix.frameLen(i);
    const s = slot(ends[0], ports ? ix.sport[i] : 0) * 4;
    tx[s]++;
    tx[s + 1] += len;
    const d = slot(ends[1], ports ? ix.dport[i] : 0) * 4;
    tx[d + 2]++;
    tx[d + 3] += len;
  }
  const out: Endpoint[] = [];
  for (let s = 0; s < addr.length; s++) {
    const k = s * 4;
    // Built in the documented key order (port right after the address).
    const e: Endpoint = {
      address: endText(ix, kind, addr[s], macs),
      ...(ports ? { port: port[s] } : {}),
      packets: tx[k] + tx[k + 2],
      bytes: tx[k + 1] + tx[k + 3],
      txPackets: tx[k],
      txBytes: tx[k + 1],
      rxPackets: tx[k + 2],
      rxBytes: tx[k + 3],
    };
    out.push(e);
  }
  return out;
}
